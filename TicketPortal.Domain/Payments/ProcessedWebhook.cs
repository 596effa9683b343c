namespace TicketPortal.Domain.Payments;

/// <summary>A Stripe event already handled. Kept 30 days (Stripe retries for 3), so a redelivery is a no-op.</summary>
public sealed class ProcessedWebhook
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public DateTime ProcessedAt { get; set; }
}
