using TicketPortal.Domain.Common;
using TicketPortal.Domain.Payments;

namespace TicketPortal.Domain.Events;

/// <summary>The one place that says what a valid event is; the form and the API both show its messages.</summary>
public static class EventDraftValidator
{
    public const int MaxTitle = 200;
    public const int MaxVenue = 200;
    public const int MaxDescription = 4000;
    public const int MaxMinutes = 7 * 24 * 60;
    public const int MaxCapacity = 100_000;
    public const int MaxTiers = 20;
    /// <summary>One account cannot hold a whole event: places per buyer unless the organizer says otherwise.</summary>
    public const int DefaultMaxPerBuyer = 10;
    /// <summary>With 10 places an order stays under Stripe's 999,999.99 limit per payment.</summary>
    public const decimal MaxPrice = 50_000m;
    /// <summary>The order size (Tickets:MaxQuantity's default) a price must stay chargeable for within Stripe's
    /// largest charge; it only bites for three-decimal currencies (at most 9,999.99 KWD a place).</summary>
    public const int MaxOrderForPricing = 10;
    public const int MaxYearsAhead = 10;

    public static IReadOnlyList<FieldError> Validate(EventDraft draft, DateTime now)
    {
        var errors = new List<FieldError>();
        void Add(string path, string message, object owner, string member) => errors.Add(new(path, message, owner, member));

        if (string.IsNullOrWhiteSpace(draft.Title))
            Add("title", "Title is required.", draft, nameof(draft.Title));
        else if (draft.Title.Trim().Length > MaxTitle)
            Add("title", $"Title must be at most {MaxTitle} characters.", draft, nameof(draft.Title));

        if (draft.Description?.Length > MaxDescription)
            Add("description", $"Description must be at most {MaxDescription} characters.", draft, nameof(draft.Description));

        if (string.IsNullOrWhiteSpace(draft.Venue))
            Add("venue", "Venue is required.", draft, nameof(draft.Venue));
        else if (draft.Venue.Trim().Length > MaxVenue)
            Add("venue", $"Venue must be at most {MaxVenue} characters.", draft, nameof(draft.Venue));

        if (draft.StartDate is null)
            Add("startDate", "Start date and time are required.", draft, nameof(draft.StartDate));
        else if (draft.StartDate.Value.AsUtc() <= now)
            Add("startDate", "Start must be in the future.", draft, nameof(draft.StartDate));
        else if (draft.StartDate.Value.AsUtc() > now.AddYears(MaxYearsAhead))
            Add("startDate", $"Start must be within {MaxYearsAhead} years.", draft, nameof(draft.StartDate));

        if (draft.Minutes is null)
            Add("minutes", "Duration is required.", draft, nameof(draft.Minutes));
        else if (draft.Minutes is < 1 or > MaxMinutes)
            Add("minutes", $"Duration must be between 1 and {MaxMinutes} minutes.", draft, nameof(draft.Minutes));

        if (draft.Capacity is null)
            Add("capacity", "Capacity is required.", draft, nameof(draft.Capacity));
        else if (draft.Capacity is < 1 or > MaxCapacity)
            Add("capacity", $"Capacity must be between 1 and {MaxCapacity}.", draft, nameof(draft.Capacity));

        if (draft.MaxPerBuyer is < 1 or > MaxCapacity)
            Add("maxPerBuyer", $"Places per buyer must be between 1 and {MaxCapacity}.", draft, nameof(draft.MaxPerBuyer));

        ValidateTiers(draft, errors);
        return errors;
    }

    private static void ValidateTiers(EventDraft draft, List<FieldError> errors)
    {
        var tiers = draft.Tiers ?? [];
        if (tiers.Count == 0)
            errors.Add(new("tiers", "Add at least one price tier.", draft, nameof(draft.Tiers)));
        else if (tiers.Count > MaxTiers)
            errors.Add(new("tiers", $"At most {MaxTiers} price tiers.", draft, nameof(draft.Tiers)));

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? firstCurrency = null;
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var at = $"tiers[{i}]";
            if (tier is null)
            {
                errors.Add(new(at, "A price tier cannot be null.", draft, nameof(draft.Tiers)));
                continue;
            }

            if (string.IsNullOrWhiteSpace(tier.Name))
                errors.Add(new($"{at}.name", "Tier name is required.", tier, nameof(tier.Name)));
            else if (tier.Name.Trim().Length > 100)
                errors.Add(new($"{at}.name", "Tier name must be at most 100 characters.", tier, nameof(tier.Name)));
            else if (!names.Add(tier.Name.Trim()))
                errors.Add(new($"{at}.name", "Each tier needs its own name.", tier, nameof(tier.Name)));

            var currency = tier.Currency?.Trim();
            var validCurrency = !string.IsNullOrEmpty(currency) && currency.Length == 3 && currency.All(char.IsAsciiLetter);
            if (tier.Price is null)
                errors.Add(new($"{at}.price", "Price is required.", tier, nameof(tier.Price)));
            else if (tier.Price < 0 || tier.Price > MaxPrice)
                errors.Add(new($"{at}.price", $"Price must be between 0 and {MaxPrice}.", tier, nameof(tier.Price)));
            else if (validCurrency && Currencies.PriceProblem(tier.Price.Value, currency!, MaxOrderForPricing) is { } problem)
                errors.Add(new($"{at}.price", problem, tier, nameof(tier.Price)));

            if (!validCurrency)
                errors.Add(new($"{at}.currency", "Currency must be a 3-letter ISO code such as EUR.", tier, nameof(tier.Currency)));
            else if (firstCurrency is null)
                firstCurrency = currency;
            else if (!string.Equals(firstCurrency, currency, StringComparison.OrdinalIgnoreCase))
                errors.Add(new($"{at}.currency", $"All tiers of an event use one currency ({firstCurrency.ToUpperInvariant()}).", tier, nameof(tier.Currency)));
        }
    }
}
