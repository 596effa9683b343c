using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace TicketPortal.Tests.Support;

/// <summary>Reads a running portal's metrics the way an operator would, with dotnet-counters (a local tool of the
/// repository) attached to its process: no exporter or endpoint needed in the portal.</summary>
public static class Counters
{
    /// <summary>The last value of each instrument of <paramref name="meter"/> over a few seconds of collection,
    /// keyed by the instrument's name (without its unit).</summary>
    public static async Task<Dictionary<string, double>> ReadAsync(int processId, string meter, int seconds = 4)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ticketportal-counters-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet",
            ["dotnet-counters", "collect", "--process-id", processId.ToString(CultureInfo.InvariantCulture), "--counters", meter,
             "--refresh-interval", "1", "--format", "json", "--output", file, "--duration", $"00:00:00:{seconds:00}"])
        {
            // The tool manifest (.config/dotnet-tools.json) is found from the repository.
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var collector = Process.Start(start)!;
        var output = collector.StandardOutput.ReadToEndAsync();
        var error = collector.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 60));
        await collector.WaitForExitAsync(timeout.Token);
        Assert.True(File.Exists(file), $"dotnet-counters wrote nothing (exit {collector.ExitCode}): {await output}{await error}");
        try
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            var values = new Dictionary<string, double>();
            foreach (var e in json.RootElement.GetProperty("Events").EnumerateArray())
                values[e.GetProperty("name").GetString()!.Split(' ')[0]] = e.GetProperty("value").GetDouble();
            return values;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
