//! The `optiscape` command line; the numerical core is the `optiscape` library.

mod cli;

fn main() {
    std::process::exit(cli::main(std::env::args_os().skip(1)));
}
