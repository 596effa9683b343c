using System.Globalization;

namespace TicketPortal.Components;

public static class Money
{
    public static string Format(decimal amount, string currency) =>
        amount == 0 ? "Free" : $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}";

    public static string When(DateTime utc) => utc.ToString("ddd d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
