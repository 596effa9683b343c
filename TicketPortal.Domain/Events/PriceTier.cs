namespace TicketPortal.Domain.Events;

public sealed class PriceTier
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid EventId { get; private set; }
    public string Name { get; internal set; } = "";
    public decimal Price { get; internal set; }
    /// <summary>ISO 4217 code, upper case (EUR, USD, …).</summary>
    public string Currency { get; internal set; } = "";
    public int SortOrder { get; internal set; }
}
