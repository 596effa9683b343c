using System.Text.RegularExpressions;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.Seats;

/// <summary>One block of seats as an organizer describes it: "Stalls, rows A–K × seats 1–20, Regular tier".</summary>
public sealed record SeatSectionDraft(string? Name, string? Rows, int? SeatsPerRow, Guid? PriceTierId);

/// <summary>A whole seat map: its sections in drawing order.</summary>
public sealed record SeatMapDraft(IReadOnlyList<SeatSectionDraft>? Sections)
{
    public const int MaxSections = 20;
    public const int MaxSeatsPerRow = 100;
    public const int MaxSeats = 5000;
    public const int MaxSectionName = 60;

    /// <summary>The seats it describes, or the fields that are wrong (named by JSON path).</summary>
    public Result<IReadOnlyList<Seat>> ToSeats(Event e)
    {
        var errors = new List<FieldError>();
        if (Sections is not { Count: > 0 })
            return Failure.Invalid([new("sections", "sections is required: at least one section of rows and seats.", this, nameof(Sections))]);
        if (Sections.Count > MaxSections)
            errors.Add(new("sections", $"A seat map has at most {MaxSections} sections.", this, nameof(Sections)));

        var seats = new List<Seat>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Sections.Count && errors.Count == 0; i++)
        {
            var s = Sections[i];
            var at = $"sections[{i}]";
            if (s is null)
            {
                errors.Add(new(at, $"{at} must be a section: name, rows, seatsPerRow, priceTierId.", this, nameof(Sections)));
                break;
            }
            var name = s.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > MaxSectionName)
                errors.Add(new($"{at}.name", $"Each section needs a name of 1 to {MaxSectionName} characters.", s, nameof(s.Name)));
            else if (!names.Add(name))
                errors.Add(new($"{at}.name", $"The section name '{name}' is used twice.", s, nameof(s.Name)));
            var rows = RowRange.Parse(s.Rows);
            if (rows is null)
                errors.Add(new($"{at}.rows", "rows must be a letter or number range such as 'A-K' or '1-12' (commas join ranges: 'A-C,E').", s, nameof(s.Rows)));
            if (s.SeatsPerRow is not (>= 1 and <= MaxSeatsPerRow))
                errors.Add(new($"{at}.seatsPerRow", $"seatsPerRow must be between 1 and {MaxSeatsPerRow}.", s, nameof(s.SeatsPerRow)));
            var tier = s.PriceTierId is { } id ? e.Tiers.FirstOrDefault(t => t.Id == id) : e.Tiers.Count == 1 ? e.Tiers[0] : null;
            if (tier is null)
                errors.Add(new($"{at}.priceTierId", s.PriceTierId is null
                    ? "This event has several price tiers: choose each section's with priceTierId."
                    : "priceTierId is not a tier of this event.", s, nameof(s.PriceTierId)));
            if (errors.Count > 0)
                break;
            foreach (var row in rows!)
                for (var n = 1; n <= s.SeatsPerRow; n++)
                    seats.Add(Seat.Create(e.Id, name!, row, n, seats.Count, tier!.Id));
            if (seats.Count > MaxSeats)
                errors.Add(new($"{at}.rows", $"A seat map has at most {MaxSeats} seats.", s, nameof(s.Rows)));
        }
        return errors.Count > 0 ? Failure.Invalid(errors) : seats;
    }
}

/// <summary>Row names from "A-K", "1-12" or "A-C,E,G-H".</summary>
internal static partial class RowRange
{
    private const int MaxRows = 100;

    public static IReadOnlyList<string>? Parse(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
            return null;
        var rows = new List<string>();
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var m = Part().Match(part);
            if (!m.Success)
                return null;
            var (from, to) = (m.Groups["from"].Value.ToUpperInvariant(), m.Groups["to"].Success ? m.Groups["to"].Value.ToUpperInvariant() : null);
            if (to is null)
                rows.Add(from);
            else if (int.TryParse(from, out var a) && int.TryParse(to, out var b) && a <= b && b - a < MaxRows)
                rows.AddRange(Enumerable.Range(a, b - a + 1).Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            else if (from.Length == 1 && to.Length == 1 && char.IsLetter(from[0]) && char.IsLetter(to[0]) && from[0] <= to[0])
                rows.AddRange(Enumerable.Range(from[0], to[0] - from[0] + 1).Select(c => ((char)c).ToString()));
            else
                return null;
        }
        return rows.Count is > 0 and <= MaxRows && rows.Distinct().Count() == rows.Count ? rows : null;
    }

    [GeneratedRegex(@"^(?<from>[A-Za-z]|\d{1,3})(\s*[-–]\s*(?<to>[A-Za-z]|\d{1,3}))?$")]
    private static partial Regex Part();
}
