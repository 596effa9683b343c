using System.Text.Json;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.ServiceRequests;

namespace TicketPortal.ServiceRequests;

/// <summary>Reads POST /service-requests in either shape: the portal's own (<c>workflow_shortname</c>, <c>ticketId</c>
/// or <c>eventId</c>, <c>tags</c>, <c>payload.body</c>, <c>reporter</c>) or seed 003's record (<c>resource_type</c>,
/// <c>shortname</c>, <c>subpath</c>, <c>attributes</c> with <c>is_open</c>, <c>tags</c>, <c>payload.body</c>,
/// <c>reporter</c>, <c>workflow_shortname</c>), alone or as the only item of <c>records</c>. What the request is
/// about may also sit in the body as <c>ticket_id</c> / <c>event_id</c>.</summary>
public static class ServiceRequestBody
{
    public static Result<OpenServiceRequest> Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return Invalid("", "The body must be a JSON object.");
        if (root.TryGetProperty("records", out var records))
        {
            if (records.ValueKind != JsonValueKind.Array || records.GetArrayLength() != 1)
                return Invalid("records", "records must hold exactly one record: one request is opened per call.");
            root = records[0];
            if (root.ValueKind != JsonValueKind.Object)
                return Invalid("records[0]", "The record must be a JSON object.");
        }
        var seedShape = root.TryGetProperty("attributes", out var attributes);
        if (seedShape)
        {
            if (attributes.ValueKind != JsonValueKind.Object)
                return Invalid("attributes", "attributes must be a JSON object.");
            if (Text(root, "resource_type") is { } type && type != ServiceRequestDto.ResourceTypeName)
                return Invalid("resource_type", $"resource_type must be '{ServiceRequestDto.ResourceTypeName}'.");
            if (attributes.TryGetProperty("is_open", out var open) && open.ValueKind == JsonValueKind.False)
                return Invalid("attributes.is_open", "A request opens open: is_open must be true or left out.");
        }
        var fields = seedShape ? attributes : root;
        var prefix = seedShape ? "attributes." : "";

        JsonElement? body = null;
        if (fields.TryGetProperty("payload", out var payload))
        {
            if (payload.ValueKind != JsonValueKind.Object)
                return Invalid($"{prefix}payload", "payload must be a JSON object with a body.");
            if (payload.TryGetProperty("body", out var b))
                body = b;
        }
        else if (fields.TryGetProperty("body", out var plain))
            body = plain;

        List<string>? tags = null;
        if (fields.TryGetProperty("tags", out var tagList))
        {
            if (tagList.ValueKind != JsonValueKind.Array || tagList.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
                return Invalid($"{prefix}tags", "tags must be an array of strings.");
            tags = tagList.EnumerateArray().Select(t => t.GetString()!).ToList();
        }

        Reporter? reporter = null;
        if (fields.TryGetProperty("reporter", out var r))
        {
            if (r.ValueKind != JsonValueKind.Object)
                return Invalid($"{prefix}reporter", "reporter must be a JSON object.");
            reporter = new Reporter(Clip(Text(r, "type"), 64), Clip(Text(r, "name"), 200), Clip(Text(r, "channel"), 64),
                Clip(Text(r, "contact") ?? Text(r, "msisdn") ?? Text(r, "email"), 200));
        }

        var ticketId = Id(fields, "ticketId") ?? Id(fields, "ticket_id") ?? Id(body, "ticketId") ?? Id(body, "ticket_id");
        var eventId = Id(fields, "eventId") ?? Id(fields, "event_id") ?? Id(body, "eventId") ?? Id(body, "event_id");
        if (ticketId is { Valid: false } || eventId is { Valid: false })
            return Invalid(ticketId is { Valid: false } ? "ticketId" : "eventId", "Ids are UUIDs.");
        return new OpenServiceRequest(
            Text(fields, "workflow_shortname") ?? Text(fields, "workflowShortname"),
            eventId?.Value, ticketId?.Value, tags, body, reporter,
            seedShape ? Text(root, "shortname") : Text(fields, "shortname"),
            seedShape ? Text(root, "subpath") : Text(fields, "subpath"));
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Clip(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];

    private static (bool Valid, Guid? Value)? Id(JsonElement? e, string name)
    {
        if (e is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        return v.ValueKind == JsonValueKind.String && Guid.TryParse(v.GetString(), out var id) ? (true, id) : (false, null);
    }

    private static Failure Invalid(string path, string message) => Failure.Invalid([new(path, message, path, path)]);
}
