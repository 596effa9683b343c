using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace TicketPortal.Bench;

public static class BenchArgs
{
    /// <summary>The integer of at least <paramref name="least"/> after --<paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static int Number(string[] args, string name, int fallback, int least = 1)
    {
        var i = Array.IndexOf(args, $"--{name}");
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) && v >= least ? v : fallback;
    }

    public static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, $"--{name}");
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

/// <summary>--json PATH: the figures a benchmark printed, machine-readable.</summary>
public static class BenchJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static async Task WriteAsync(string[] args, object figures)
    {
        if (BenchArgs.Text(args, "json") is not { } path)
            return;
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(figures, Options) + "\n");
        Console.WriteLine($"figures written to {path}");
    }
}

public static class Stats
{
    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
            return 0;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static double Max(double[] values) => values.Length == 0 ? 0 : values.Max();

    public static double Round(double value) => Math.Round(value, 1);
}

public static class BenchEvents
{
    /// <summary>A published event of one 10 EUR tier, its id.</summary>
    public static async Task<string> PublishedAsync(HttpClient organizer, string title, int capacity, int maxPerBuyer, int minutes = 60)
    {
        var created = await organizer.PostAsJsonAsync("/api/v1/events", new
        {
            title, venue = "Loopback Arena", startDate = DateTime.UtcNow.AddDays(10), minutes, capacity, maxPerBuyer,
            tiers = new[] { new { name = "General", price = 10m, currency = "EUR" } },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event").GetProperty("id").GetString()!;
        (await organizer.PostAsync($"/api/v1/events/{id}/publish", null)).EnsureSuccessStatusCode();
        return id;
    }
}
