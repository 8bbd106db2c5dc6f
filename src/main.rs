fn main() {
    println!("sso-wizard");
}
