using System.Net.Mail;
using System.Text.Json;
using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.ServiceRequests;

/// <summary>A request to open: which workflow, what it concerns (a ticket, or an event), tags, the payload body and,
/// from the seed's record shape, a reporter, shortname and subpath.</summary>
public sealed record OpenServiceRequest(string? WorkflowShortname, Guid? EventId, Guid? TicketId, IReadOnlyList<string>? Tags = null,
    JsonElement? Body = null, Reporter? Reporter = null, string? Shortname = null, string? Subpath = null)
{
    public const int MaxTags = 20;
    public const int MaxTag = 50;
    public const int MaxBodyChars = 8 * 1024;
    /// <summary>The body field a transfer names its recipient's e-mail address in.</summary>
    public const string RecipientField = "recipient";

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(WorkflowShortname))
            errors.Add(new("workflow_shortname", "workflow_shortname is required (refund_request, ticket_transfer, general_question or one of the organizer's).", this, nameof(WorkflowShortname)));
        if (EventId is null && TicketId is null)
            errors.Add(new("ticketId", "Name what the request is about: ticketId, or eventId for a request about an event.", this, nameof(TicketId)));
        var tags = Tags ?? [];
        if (tags.Count > MaxTags)
            errors.Add(new("tags", $"At most {MaxTags} tags.", this, nameof(Tags)));
        for (var i = 0; i < tags.Count; i++)
            if (string.IsNullOrWhiteSpace(tags[i]) || tags[i].Length > MaxTag)
                errors.Add(new($"tags[{i}]", $"A tag is 1 to {MaxTag} characters.", this, nameof(Tags)));
        if (Body is { } body && body.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            errors.Add(new("payload.body", "payload.body must be a JSON object.", this, nameof(Body)));
        else if (BodyJson.Length > MaxBodyChars)
            errors.Add(new("payload.body", $"payload.body is at most {MaxBodyChars / 1024} KB.", this, nameof(Body)));
        if (Shortname?.Length > 64)
            errors.Add(new("shortname", "shortname is at most 64 characters.", this, nameof(Shortname)));
        if (Subpath?.Length > 200)
            errors.Add(new("subpath", "subpath is at most 200 characters.", this, nameof(Subpath)));
        return errors;
    }

    public string BodyJson => Body is { ValueKind: JsonValueKind.Object } body ? body.GetRawText() : "{}";

    /// <summary>The transfer's recipient, if the body names a plain address an account can be made for.</summary>
    public static string? RecipientOf(string bodyJson)
    {
        using var body = JsonDocument.Parse(bodyJson);
        return body.RootElement.ValueKind == JsonValueKind.Object
               && body.RootElement.TryGetProperty(RecipientField, out var r) && r.ValueKind == JsonValueKind.String
               && r.GetString() is { Length: > 0 and <= 200 } text && MailAddress.TryCreate(text.Trim(), out var address)
               && address.Address == text.Trim() && address.Address.All(AccountCharacters.Contains)
            ? address.Address
            : null;
    }

    /// <summary>Identity's default user-name characters: an address outside them could not become an account.</summary>
    private const string AccountCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
}

/// <summary>A list of requests: whose (as reporter, as organizer, or every one the caller may see), filtered.</summary>
public sealed record ServiceRequestQuery(string? State = null, bool? IsOpen = null, string? Assignee = null, Guid? EventId = null,
    string? As = null, int Page = 1, int PageSize = Paging.DefaultSize)
{
    public const string AsReporter = "reporter";
    public const string AsOrganizer = "organizer";
    /// <summary>The assignee filter's word for the caller.</summary>
    public const string Me = "me";

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = Paging.Validate(this, Page, PageSize);
        if (As is not (null or AsReporter or AsOrganizer))
            errors.Add(new("as", $"as must be '{AsReporter}' or '{AsOrganizer}'.", this, nameof(As)));
        return errors;
    }
}
