using System.Globalization;
using Microsoft.VisualBasic.FileIO;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.Seats;

/// <summary>A seat map as a spreadsheet exports it: a header row <c>section,row,seat,tier</c> (tier optional when
/// the event has one; the tier's name), then one line per seat, in drawing order. Errors name the line.</summary>
public static class SeatMapCsv
{
    public const int MaxBytes = 512 * 1024;
    private const int MaxErrors = 20;

    public static Result<IReadOnlyList<Seat>> Parse(string csv, Event e)
    {
        var errors = new List<FieldError>();
        var seats = new List<Seat>();
        var names = new HashSet<(string, string, int)>();
        using var parser = new TextFieldParser(new StringReader(csv)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = true };
        parser.SetDelimiters(",", ";");
        string[]? header;
        try
        {
            header = parser.ReadFields();
        }
        catch (MalformedLineException)
        {
            header = null;
        }
        var columns = header?.Select(h => h.ToLowerInvariant()).ToList() ?? [];
        var (section, row, seat, tier) = (columns.IndexOf("section"), columns.IndexOf("row"), columns.IndexOf("seat"), columns.IndexOf("tier"));
        if (section < 0 || row < 0 || seat < 0)
            return Failure.Invalid([new("csv", "The first line must name the columns section, row and seat (and tier, when the event has several).", csv, "Csv")]);

        while (!parser.EndOfData && errors.Count < MaxErrors)
        {
            // The number of the line about to be read, before reading moves it on.
            var line = parser.LineNumber;
            string[]? fields;
            try
            {
                fields = parser.ReadFields();
            }
            catch (MalformedLineException ex)
            {
                errors.Add(Error(ex.LineNumber, "it is not valid CSV (an unclosed quote?)."));
                continue;
            }
            if (fields is null || fields.All(string.IsNullOrWhiteSpace))
                continue;
            string Field(int i) => i >= 0 && i < fields.Length ? fields[i].Trim() : "";
            var (s, r, n, t) = (Field(section), Field(row), Field(seat), Field(tier));
            var found = t.Length > 0 ? e.Tiers.FirstOrDefault(x => string.Equals(x.Name, t, StringComparison.OrdinalIgnoreCase))
                : e.Tiers.Count == 1 ? e.Tiers[0] : null;
            if (s.Length is 0 or > SeatMapDraft.MaxSectionName)
                errors.Add(Error(line, $"section must be 1 to {SeatMapDraft.MaxSectionName} characters."));
            else if (r.Length is 0 or > 8)
                errors.Add(Error(line, "row must be 1 to 8 characters."));
            else if (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 9999)
                errors.Add(Error(line, $"seat must be a number from 1 to 9999, not '{n}'."));
            else if (found is null)
                errors.Add(Error(line, t.Length == 0 ? "tier is required: this event has several price tiers." : $"'{t}' is not a price tier of this event."));
            else if (!names.Add((s.ToUpperInvariant(), r.ToUpperInvariant(), number)))
                errors.Add(Error(line, $"{s} row {r} seat {number} is listed twice."));
            else
                seats.Add(Seat.Create(e.Id, s, r, number, seats.Count, found.Id));
            if (seats.Count > SeatMapDraft.MaxSeats)
                return Failure.Invalid([new("csv", $"A seat map has at most {SeatMapDraft.MaxSeats} seats.", csv, "Csv")]);
        }
        if (errors.Count == 0 && seats.Count == 0)
            errors.Add(new("csv", "The file lists no seats.", csv, "Csv"));
        return errors.Count > 0 ? Failure.Invalid(errors) : seats;
    }

    private static FieldError Error(long line, string message) => new($"line {line}", $"Line {line}: {message}", line, "Csv");
}
