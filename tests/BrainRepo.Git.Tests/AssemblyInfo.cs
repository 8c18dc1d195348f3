// These tests drive real git processes, POSIX file modes and a shell askpass helper.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
