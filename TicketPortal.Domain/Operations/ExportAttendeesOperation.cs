using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Operations;

/// <summary>ExportAttendees: a CSV of an event's paid tickets (who, what, when), kept with the finished ticket;
/// its additionalQueryParameter is the download path, served to the initiator only.</summary>
public sealed class ExportAttendeesOperation(PortalDbContext db) : IOperationHandler
{
    public const string Name = "ExportAttendees";
    public const string DownloadPath = "/api/v1/operation-tickets/{id}/download";

    public string Operation => Name;

    private static readonly string[] Header = ["ticketId", "attendeeName", "attendeeEmail", "tier", "quantity", "price", "currency", "paidAt", "status"];

    private sealed record Row(Guid TicketId, string AttendeeName, string AttendeeEmail, string Tier, int Quantity, decimal Price, string Currency, DateTime? PaidAt, string Status);

    public async Task<OperationOutcome> RunAsync(OperationTicket ticket, Func<int, Task> progress, CancellationToken ct)
    {
        var input = System.Text.Json.JsonSerializer.Deserialize<EventInput>(ticket.Input) ?? throw new InvalidOperationException("The operation has no input.");
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == input.EventId, ct);
        if (e is null)
            return new OperationOutcome([new OperationDetails.ValidationResult("EventId", $"Event '{input.EventId}' does not exist.")]);
        var rows = await db.Tickets.AsNoTracking()
            .Where(t => t.EventId == e.Id && t.Status == TicketStatus.Paid)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t, u })
            .OrderBy(x => x.t.PaidAt)
            .Select(x => new Row(x.t.Id, x.u.DisplayName ?? "", x.u.Email ?? "", x.t.TierName, x.t.Quantity, x.t.Price, x.t.Currency, x.t.PaidAt, x.t.Status.ToString()))
            .ToListAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Names are typed by buyers: a leading = + - @ must not run as a formula in the organizer's spreadsheet.
        await using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape }, true))
        {
            foreach (var header in Header)
                csv.WriteField(header);
            await csv.EndRecordAsync(ct);
            foreach (var r in rows)
            {
                csv.WriteField(r.TicketId.ToString());
                csv.WriteField(r.AttendeeName);
                csv.WriteField(r.AttendeeEmail);
                csv.WriteField(r.Tier);
                csv.WriteField(r.Quantity.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(r.Price.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(r.Currency);
                csv.WriteField(r.PaidAt?.ToString("O", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(r.Status);
                await csv.EndRecordAsync(ct);
            }
            await csv.FlushAsync(ct);
        }
        await progress(rows.Count);
        var slug = new string(e.Title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').Take(60).ToArray()).Trim('-');
        var fileName = $"attendees-{slug}.csv";
        return new OperationOutcome(AdditionalQueryParameter: DownloadPath, OutputFileName: fileName, Output: text.ToString());
    }
}
