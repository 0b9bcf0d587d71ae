"""What the CPU computes natively, read from /proc/cpuinfo (torch and onnxruntime report only
their own instruction level, not the flags the engines' precision choices depend on)."""

from __future__ import annotations

from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")


def cpu_flags(cpuinfo: Path = CPUINFO) -> set[str]:
    """The first processor's flags (empty if the file cannot be read: then no feature is assumed)."""
    try:
        return set(
            next(
                (
                    line.split(":", 1)[1].split()
                    for line in cpuinfo.read_text().splitlines()
                    if line.startswith("flags")
                ),
                [],
            )
        )
    except OSError:
        return set()


def native_bf16(cpuinfo: Path = CPUINFO) -> bool:
    """Whether this CPU computes bfloat16 products natively (AVX512-BF16 or AMX); elsewhere oneDNN
    emulates them, slower than float32."""
    return bool(cpu_flags(cpuinfo) & {"avx512_bf16", "amx_bf16"})


def native_int8(cpuinfo: Path = CPUINFO) -> bool:
    """Whether this CPU has VNNI (int8 dot products summed in 32 bits). Without it onnxruntime's
    u8 x s8 products use VPMADDUBSW, whose 16-bit sums can saturate and cost accuracy."""
    return bool(cpu_flags(cpuinfo) & {"avx512_vnni", "avx_vnni", "amx_int8"})
