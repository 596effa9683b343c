using System.Runtime.InteropServices;

namespace TicketPortal.Domain.Data;

/// <summary>Linux scheduling priority (the nice value) of the calling thread. .NET's <see cref="Thread.Priority"/>
/// changes nothing on Linux: its threads all run under the default policy, whose one static priority is 0.</summary>
internal static class ThreadNiceness
{
    private const int ProcessOrThread = 0; // PRIO_PROCESS: with a thread id, that one thread

    /// <summary>Sets the calling thread's nice value (-20, first, to 19, last; 0 is everyone's default); null when
    /// set, otherwise why not. Below 0 needs the CAP_SYS_NICE capability (or a raised RLIMIT_NICE): a process without
    /// it keeps the default.</summary>
    public static string? TrySet(int nice)
    {
        if (!OperatingSystem.IsLinux())
            return "not Linux";
        try
        {
            return SetPriority(ProcessOrThread, GetThreadId(), Math.Clamp(nice, -20, 19)) == 0
                ? null
                : $"setpriority failed (errno {Marshal.GetLastPInvokeError()})";
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return ex.Message;
        }
    }

    // DllImport, not LibraryImport: these take and return plain ints, and the latter needs unsafe code allowed.
    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetThreadId();
}
