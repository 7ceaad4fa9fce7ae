//! The `claim` binary: parse, run, exit code. Everything else lives in the library.

fn main() -> std::process::ExitCode {
    claim::cli::main_with_args(std::env::args_os())
}
