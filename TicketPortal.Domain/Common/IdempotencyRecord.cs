namespace TicketPortal.Domain.Common;

/// <summary>A POST made with an Idempotency-Key: the first response is kept 24 hours and replayed for
/// the same key, so a client retrying after a timeout never holds or pays twice.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>The caller and their key, hashed together: keys are per user, like Stripe's per account.</summary>
    public string Id { get; set; } = "";
    /// <summary>A hash of method, path and body: the same key with another request is an error.</summary>
    public string RequestHash { get; set; } = "";
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Body { get; set; }
    public string? Location { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}
