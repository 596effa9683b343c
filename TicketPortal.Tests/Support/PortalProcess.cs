using System.Diagnostics;
using System.Text;

namespace TicketPortal.Tests.Support;

/// <summary>The portal as its own process, started the way an operator starts it (`dotnet TicketPortal.dll`),
/// for what only a real start-up shows: which environment and settings let it start at all.</summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly DirectoryInfo dir;
    private readonly bool ownsDirectory;

    private PortalProcess(IDictionary<string, string> settings, DirectoryInfo? dataDirectory)
    {
        ownsDirectory = dataDirectory is null;
        dir = dataDirectory ?? Directory.CreateTempSubdirectory("ticketportal-process-");
        var start = new ProcessStartInfo("dotnet", $"\"{typeof(Program).Assembly.Location}\"")
        {
            WorkingDirectory = dir.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(dir.FullName, "portal.db")}";
        start.Environment["Hangfire__SqlitePath"] = Path.Combine(dir.FullName, "hangfire.db");
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts the portal; with <paramref name="dataDirectory"/> it uses (and keeps) that folder's
    /// databases, as a restarted portal would.</summary>
    public static PortalProcess Start(IDictionary<string, string> settings, DirectoryInfo? dataDirectory = null) => new(settings, dataDirectory);

    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    /// <summary>Waits for the process to exit by itself; returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>Waits for the "is up" line and returns the address it names.</summary>
    public async Task<Uri> AddressAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            var at = Output.IndexOf("TicketPortal is up at ", StringComparison.Ordinal);
            if (at >= 0)
                return new Uri(Output[(at + "TicketPortal is up at ".Length)..].Split([',', '\n', ' '])[0].Trim());
            await Task.Delay(100);
        }
        throw new TimeoutException($"The portal did not come up:\n{Output}");
    }

    public int Id => process.Id;

    /// <summary>SIGKILL: no shutdown hooks, no lease released, connections cut mid-request.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        if (!ownsDirectory)
            return;
        try
        {
            dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process: the temp folder is cleaned up by the OS.
        }
    }
}
