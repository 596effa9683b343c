using System.Globalization;

namespace TicketPortal.Components;

public static class Money
{
    /// <summary>12.50 EUR, 1500 JPY, 5.250 KWD: each currency with its own decimals.</summary>
    public static string Format(decimal amount, string currency) =>
        amount == 0 ? "Free" : Domain.Payments.Currencies.Format(amount, currency);

    public static string When(DateTime utc) => utc.ToString("ddd d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
