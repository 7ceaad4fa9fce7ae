//! The baseline for start-up benchmarks: a bare Rust process that prints one line, built
//! with the same profile as `claim` (`scripts/bench.sh` gives every latency as a ratio to it).

#![allow(clippy::print_stdout)]

fn main() {
    println!("hello");
}
