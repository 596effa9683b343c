namespace TicketPortal.Domain.Common;

public static class UtcTime
{
    /// <summary>Times without a zone are taken as UTC; times with one are converted.</summary>
    public static DateTime AsUtc(this DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
