//! The `claim` binary: parse, run, exit code. Everything else lives in the library.

// Batches allocate many short-lived strings; mimalloc makes them markedly cheaper.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    claim::cli::main_with_args(std::env::args_os())
}
