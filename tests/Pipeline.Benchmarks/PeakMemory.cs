using System.Diagnostics;

namespace Pipeline.Benchmarks;

/// <summary>The process's peak resident memory over one phase (Linux: VmHWM, reset through /proc/self/clear_refs).</summary>
public static class PeakMemory
{
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (OperatingSystem.IsLinux())
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
    }

    public static long Bytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
