#!/bin/sh
# Creates this Intune profile with Microsoft Graph, through the Azure CLI:
#   "Contoso Credential SSO"
# sending the requests REQUESTS.md in this folder describes, in its order.
# Written by sso-wizard (export --format all). ./send.sh --help shows the options.
set -eu
# No pattern expansion anywhere: the script names no files by pattern, and it splits
# Graph's answers into words below.
set -f

# From the answers file: data in single quotes, never code. What shellcheck would
# flag in such text (a `$`, a backslash, a typographic quote) is meant literally.
# shellcheck disable=SC1003,SC1112,SC2016
PROFILE_NAME='Contoso Credential SSO'
# Request 2: assignments.target is not "none" (REQUESTS.md skips it then).
ASSIGN=yes
# Request 3: authenticator.required, and a target (REQUESTS.md skips it without one).
AUTHENTICATOR=no
# authenticator.app_id; blank: looked up in the tenant.
# shellcheck disable=SC1003,SC1112,SC2016
APP_ID=''
# authenticator.license = "vpp-user": the Intune app type of Microsoft Authenticator.
APP_TYPE=iosVppApp

GRAPH='https://graph.microsoft.com/beta'
AUTHENTICATOR_BUNDLE_ID='com.microsoft.azureauthenticator'

usage() {
    printf '%s\n' \
        'Usage: ./send.sh [--dry-run] [--skip-authenticator] [--replace-authenticator-assignments]' \
        '' \
        "Creates the profile \"$PROFILE_NAME\" in Intune with the Azure CLI (az rest)," \
        'sending the requests REQUESTS.md describes, in order:' \
        '  1. POST .../deviceManagement/deviceConfigurations         graph/profile.json' \
        '  2. POST .../deviceConfigurations/{id}/assign               graph/assign.json' \
        '  3. POST .../deviceAppManagement/mobileApps/{app_id}/assign graph/authenticator-assign.json' \
        'with {id} taken from the answer to request 1, and {app_id} (Microsoft Authenticator)' \
        'looked up in the tenant when the answers file leaves it blank.' \
        '' \
        'Options:' \
        '  --dry-run     print each request (method, URL, body file) and send nothing;' \
        '                needs neither az nor a sign-in' \
        '  --skip-authenticator' \
        '                leave out request 3, the required-app assignment of Authenticator' \
        '  --replace-authenticator-assignments' \
        '                send request 3 although Authenticator already has assignments' \
        '                (the request replaces them all: add them to its body first)' \
        '  -h, --help    show this help' \
        '' \
        'Needs the Azure CLI, signed in to the tenant (az login --use-device-code works' \
        'over SSH). Stores no token and writes no file.' \
        'Exit status: 0 done, 1 a request failed or the script stopped before sending' \
        '(it says what was created), 2 usage error, az missing or not signed in.'
}

say() { printf '%s\n' "$*"; }
err() { printf 'send.sh: %s\n' "$*" >&2; }

# Hexadecimal digits and exactly four dashes in a GUID's places: the form of every id
# Intune makes, and nothing that could change a request URL's path or query.
is_guid() {
    case $1 in
        *[!0-9A-Fa-f-]* | *-*-*-*-*-*) return 1 ;;
        ????????-????-????-????-????????????) return 0 ;;
    esac
    return 1
}

PROFILE_ID=''
CREATING=no
DONE=''

# $1 names the request that failed. Says what exists now, then stops: nothing further
# is sent.
request_failed() {
    err "$1 failed (az's message is above). Nothing further was sent."
    if [ -n "$PROFILE_ID" ]; then
        err "Already created: the profile \"$PROFILE_NAME\", id $PROFILE_ID$DONE."
        err "Send the remaining requests by hand (REQUESTS.md, with {id} = $PROFILE_ID), or delete"
        err "the profile: az rest --method DELETE --uri '$GRAPH/deviceManagement/deviceConfigurations/$PROFILE_ID'"
    elif [ "$CREATING" = yes ]; then
        err "Intune did not confirm a new profile. If az timed out, look for \"$PROFILE_NAME\" in the"
        err "Intune admin center (Devices > Configuration) before running again."
    else
        err "No profile was created by this run."
    fi
    err "A 403 or a missing permission scope: az's token must carry Intune's Graph permissions"
    err "DeviceManagementConfiguration.ReadWrite.All and DeviceManagementApps.ReadWrite.All, which"
    err "the Azure CLI's own sign-in may lack (Azure/azure-cli#20572). Then sign in as an app"
    err "registration that has them (az login --service-principal), or send REQUESTS.md by hand."
    exit 1
}

# Sets APP_ID to the one Microsoft Authenticator of type $APP_TYPE in the tenant, or stops.
# Graph's reference for List mobileApps documents no query options, so the bundle ID is
# matched here with az's --query (JMESPath); isof() narrows the list server-side, as the
# Intune admin center's own app list does. One line per page: the next page's URL (or
# last-page), then the matching ids.
lookup_app_id() {
    say "Looking up Microsoft Authenticator ($APP_TYPE) in the tenant..."
    url="$GRAPH/deviceAppManagement/mobileApps?\$filter=isof('microsoft.graph.$APP_TYPE')"
    found=''
    pages=0
    while [ -n "$url" ]; do
        if ! page=$(az rest --method GET --uri "$url" \
            --query "[\"@odata.nextLink\" || 'last-page', value[?bundleId=='$AUTHENTICATOR_BUNDLE_ID'].id][]" \
            -o tsv); then
            request_failed "The lookup of Microsoft Authenticator's app id (GET .../mobileApps)"
        fi
        # Words on purpose: ids and links hold no spaces, and globbing is off (set -f).
        # shellcheck disable=SC2086
        set -- $page
        url=''
        if [ $# -gt 0 ]; then
            case $1 in
                last-page) ;;
                "$GRAPH"/*) url=$1 ;;
                *)
                    err "Graph's app list points to a next page outside $GRAPH; nothing was sent."
                    exit 1
                    ;;
            esac
            shift
        fi
        for id in "$@"; do
            if ! is_guid "$id"; then
                err "Graph answered with an app id that is not a GUID; nothing was sent."
                exit 1
            fi
            found="$found $id"
        done
        pages=$((pages + 1))
        if [ "$pages" -ge 100 ]; then
            err "Graph's app list goes on past 100 pages; nothing was sent. Set authenticator.app_id instead."
            exit 1
        fi
    done
    # shellcheck disable=SC2086
    set -- $found
    case $# in
        1) APP_ID=$1 ;;
        0)
            err "No Microsoft Authenticator ($APP_TYPE, bundle ID $AUTHENTICATOR_BUNDLE_ID) among the"
            err "tenant's apps, so nothing was sent. Add it in the Intune admin center (Apps > iOS/iPadOS),"
            err "or set authenticator.app_id in the answers file to its id and export again"
            err "(sso-wizard export --answers FILE --format all --force)."
            exit 1
            ;;
        *)
            err "$# apps in the tenant are Microsoft Authenticator ($APP_TYPE): $*."
            err "Nothing was sent. Set authenticator.app_id in the answers file to the one to assign"
            err "(Intune admin center > Apps > iOS/iPadOS shows which is which) and export again"
            err "(sso-wizard export --answers FILE --format all --force)."
            exit 1
            ;;
    esac
    say "Found it: $APP_ID."
}

# Request 3 replaces every assignment of the app: stop before anything is created when
# it would remove some, unless the admin has merged them into the body.
check_app_assignments() {
    assignments="$GRAPH/deviceAppManagement/mobileApps/$APP_ID/assignments"
    if ! count=$(az rest --method GET --uri "$assignments" --query 'length(value)' -o tsv); then
        request_failed "Reading Microsoft Authenticator's assignments (GET .../mobileApps/$APP_ID/assignments)"
    fi
    case $count in
        0) ;;
        '' | *[!0-9]*)
            err "Graph's answer about Authenticator's assignments is not a count; nothing was sent."
            exit 1
            ;;
        *)
            err "Microsoft Authenticator ($APP_ID) already has $count assignment(s), and request 3"
            err "replaces all of them. Nothing was sent. Either add them to graph/authenticator-assign.json"
            err "(az rest --method GET --uri '$assignments' lists them) and run"
            err "./send.sh --replace-authenticator-assignments, or run ./send.sh --skip-authenticator"
            err "and assign Authenticator in the Intune admin center."
            exit 1
            ;;
    esac
}

DRY_RUN=no
REPLACE_APP_ASSIGNMENTS=no
for arg in "$@"; do
    case $arg in
        --dry-run) DRY_RUN=yes ;;
        --skip-authenticator) AUTHENTICATOR=no ;;
        --replace-authenticator-assignments) REPLACE_APP_ASSIGNMENTS=yes ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            err "unknown option $arg (./send.sh --help lists them)"
            exit 2
            ;;
    esac
done

# The bodies are named relative to this folder, wherever the script is run from.
cd "$(dirname "$0")"
for body in graph/profile.json graph/assign.json graph/authenticator-assign.json; do
    case $body in
        graph/assign.json) [ "$ASSIGN" = yes ] || continue ;;
        graph/authenticator-assign.json) [ "$AUTHENTICATOR" = yes ] || continue ;;
    esac
    if [ ! -f "$body" ]; then
        err "$body is missing: run the send.sh of a complete sso-wizard export (--format all)."
        exit 2
    fi
done

if [ "$DRY_RUN" = yes ]; then
    say "Dry run for \"$PROFILE_NAME\": nothing is sent, and az is not called."
    say ''
    say '1. Create the profile'
    say "   POST $GRAPH/deviceManagement/deviceConfigurations"
    say '   Body: graph/profile.json'
    if [ "$ASSIGN" = yes ]; then
        say '2. Assign the profile'
        say "   POST $GRAPH/deviceManagement/deviceConfigurations/{id}/assign"
        say '   Body: graph/assign.json'
        say '   {id}: the id in the answer to request 1'
    else
        say '2. Assign the profile: skipped (assignments.target is "none")'
    fi
    if [ "$AUTHENTICATOR" = yes ]; then
        shown=$APP_ID
        [ -n "$shown" ] || shown='{app_id}'
        say '3. Make Microsoft Authenticator a required app'
        say "   POST $GRAPH/deviceAppManagement/mobileApps/$shown/assign"
        say '   Body: graph/authenticator-assign.json'
        if [ -z "$APP_ID" ]; then
            say "   {app_id}: looked up first among the tenant's apps (GET .../mobileApps): the"
            say "   $APP_TYPE with bundle ID $AUTHENTICATOR_BUNDLE_ID"
        fi
        if [ "$REPLACE_APP_ASSIGNMENTS" = no ]; then
            say "   Checked first: Authenticator's assignments (GET .../assignments); any there stop the"
            say '   run before request 1, since request 3 would replace them'
        fi
    elif [ "$ASSIGN" = no ]; then
        say '3. Make Microsoft Authenticator a required app: skipped (assignments.target is "none")'
    else
        say '3. Make Microsoft Authenticator a required app: skipped'
    fi
    exit 0
fi

if ! command -v az >/dev/null 2>&1; then
    err 'the Azure CLI (az) is not installed or not on PATH. Install it:'
    err 'https://learn.microsoft.com/cli/azure/install-azure-cli (or run ./send.sh --dry-run).'
    exit 2
fi
if ! account=$(az account show \
    --query "join('', [user.name || '', ' (tenant ', tenantId || '', ')'])" -o tsv 2>/dev/null); then
    err 'the Azure CLI is not signed in. Sign in with:'
    err '  az login --use-device-code --allow-no-subscriptions'
    err '(a code to type in any browser, so it works over SSH), then run ./send.sh again.'
    exit 2
fi
say "Signed in to the Azure CLI as $account."

# Everything that can stop the run is checked before request 1 creates anything.
if [ "$AUTHENTICATOR" = yes ]; then
    [ -n "$APP_ID" ] || lookup_app_id
    if ! is_guid "$APP_ID"; then
        err "authenticator.app_id is not a GUID, so it does not go into a URL; nothing was sent."
        exit 1
    fi
    [ "$REPLACE_APP_ASSIGNMENTS" = yes ] || check_app_assignments
fi

say "1. Creating the profile \"$PROFILE_NAME\" (graph/profile.json)..."
CREATING=yes
if ! PROFILE_ID=$(az rest --method POST --uri "$GRAPH/deviceManagement/deviceConfigurations" \
    --headers Content-Type=application/json --body @graph/profile.json --query id -o tsv); then
    PROFILE_ID=''
    request_failed 'Request 1 (create the profile, POST .../deviceConfigurations)'
fi
if ! is_guid "$PROFILE_ID"; then
    PROFILE_ID=''
    err "Request 1 answered without a profile id; nothing further was sent. Look for"
    err "\"$PROFILE_NAME\" in the Intune admin center (Devices > Configuration) before running again."
    exit 1
fi
say "   Created: id $PROFILE_ID."

if [ "$ASSIGN" = yes ]; then
    say '2. Assigning it (graph/assign.json)...'
    az rest --method POST --uri "$GRAPH/deviceManagement/deviceConfigurations/$PROFILE_ID/assign" \
        --headers Content-Type=application/json --body @graph/assign.json >/dev/null ||
        request_failed "Request 2 (assign the profile, POST .../deviceConfigurations/$PROFILE_ID/assign)"
    DONE=', assigned'
else
    say '2. Assigning it: skipped (assignments.target is "none"; the profile is unassigned).'
fi

if [ "$AUTHENTICATOR" = yes ]; then
    say "3. Making Microsoft Authenticator ($APP_ID) a required app (graph/authenticator-assign.json)..."
    az rest --method POST --uri "$GRAPH/deviceAppManagement/mobileApps/$APP_ID/assign" \
        --headers Content-Type=application/json --body @graph/authenticator-assign.json >/dev/null ||
        request_failed "Request 3 (Authenticator as a required app, POST .../mobileApps/$APP_ID/assign)"
    DONE="$DONE, Microsoft Authenticator required"
else
    say '3. Microsoft Authenticator as a required app: skipped.'
fi

say "Done: the profile \"$PROFILE_NAME\" is in Intune, id $PROFILE_ID$DONE."
say 'REQUESTS.md lists the next steps.'
