using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TicketPortal.Domain.Realtime;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.ScaleOut;

/// <summary>Steps the multi-instance tests share: everything goes through the instances' REST APIs.</summary>
public static class ScaleOut
{
    /// <summary>A published event of the demo organizer, created through <paramref name="address"/>.</summary>
    public static async Task<Buying.OnSale> OnSaleAsync(Uri address, int capacity)
    {
        var organizer = await PortalPair.SignedInAsync(address, DemoData.OrganizerEmail);
        var response = await organizer.PostAsJsonAsync("/api/v1/events", new
        {
            title = $"Scale-out {Guid.NewGuid():N}", venue = "Loopback Arena", startDate = DateTime.UtcNow.AddDays(30), minutes = 90, capacity,
            maxPerBuyer = capacity, tiers = new[] { new { name = "Standing", price = 25m, currency = "EUR" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var e = (await response.BodyAsync()).GetProperty("event");
        var id = e.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await organizer.PostAsync($"/api/v1/events/{id}/publish", null)).StatusCode);
        return new Buying.OnSale(organizer, id, [e.GetProperty("tiers")[0].GetProperty("id").GetString()!], DemoData.OrganizerEmail);
    }

    /// <summary><paramref name="count"/> new accounts, each signed in on both instances: [account][0 = A, 1 = B].</summary>
    public static async Task<HttpClient[][]> BuyersAsync(PortalPair pair, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var email = await PortalPair.RegisterAsync(i % 2 == 0 ? pair.AddressA : pair.AddressB);
            return new[] { await PortalPair.SignedInAsync(pair.AddressA, email), await PortalPair.SignedInAsync(pair.AddressB, email) };
        }));

    /// <summary>The address of the instance that holds the outbox lease.</summary>
    public static async Task<Uri> DispatchingInstanceAsync(PortalPair pair)
    {
        var holder = await Eventually.ReadUntilAsync(
            () => pair.ReadAsync(db => db.OutboxLeases.Where(l => l.Name == OutboxLease.Dispatcher).Select(l => l.Holder).SingleAsync()),
            h => h is not null, TimeSpan.FromSeconds(10));
        return holder!.Contains($"/{pair.A.Id}/", StringComparison.Ordinal) ? pair.AddressA : pair.AddressB;
    }

    /// <summary>The scheduled tick ("Time", unix seconds) of every run Hangfire created for a recurring job,
    /// read from Hangfire's own tables in the shared database.</summary>
    public static async Task<List<long>> RecurringTicksAsync(string connectionString, string recurringJobId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            """
            SELECT t.value FROM hangfire.jobparameter r
            JOIN hangfire.jobparameter t ON t.jobid = r.jobid AND t.name = 'Time'
            WHERE r.name = 'RecurringJobId' AND r.value IN (@id, @quoted)
            """, connection);
        query.Parameters.AddWithValue("id", recurringJobId);
        query.Parameters.AddWithValue("quoted", $"\"{recurringJobId}\"");
        var ticks = new List<long>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            ticks.Add(long.Parse(reader.GetString(0).Trim('"'), System.Globalization.CultureInfo.InvariantCulture));
        return ticks;
    }
}
