using System.Text.RegularExpressions;
using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Applications;

/// <summary>A new application: eventId, when given, limits it to that one of the organizer's events.</summary>
public sealed partial record ApiApplicationDraft(string? ApplicationId, string? ChannelCode, string? Name, Guid? EventId = null)
{
    public const int MaxApplicationId = 200;
    public const int MaxChannelCode = 64;
    public const int MaxName = 100;

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        var id = ApplicationId?.Trim() ?? "";
        if (id.Length == 0)
            errors.Add(new("applicationId", "applicationId is required, in reverse domain notation (com.mycompany.myapp).", this, nameof(ApplicationId)));
        else if (id.Length > MaxApplicationId || !ReverseDomain().IsMatch(id))
            errors.Add(new("applicationId", "applicationId must be in reverse domain notation, such as com.mycompany.myapp.", this, nameof(ApplicationId)));
        var channel = ChannelCode?.Trim() ?? "";
        if (channel.Length == 0)
            errors.Add(new("channelCode", "channelCode is required.", this, nameof(ChannelCode)));
        else if (channel.Length > MaxChannelCode || !Channel().IsMatch(channel))
            errors.Add(new("channelCode", $"channelCode may use letters, digits, '-' and '_' (at most {MaxChannelCode}).", this, nameof(ChannelCode)));
        if (Name?.Trim().Length > MaxName)
            errors.Add(new("name", $"name is at most {MaxName} characters.", this, nameof(Name)));
        return errors;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9][A-Za-z0-9-]*)+$")]
    private static partial Regex ReverseDomain();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex Channel();
}
