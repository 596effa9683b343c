using System.Globalization;

namespace TicketPortal.Domain.Payments;

/// <summary>How each currency is charged, as Stripe charges it: amounts go to the provider in the currency's
/// minor unit (zero-decimal currencies such as JPY in whole units, three-decimal ones such as KWD in
/// thousandths, whose last digit Stripe requires to be 0), and every paid price must reach the provider's
/// minimum charge. A price that cannot be charged exactly is refused when the event is saved.</summary>
public static class Currencies
{
    private static readonly HashSet<string> ZeroDecimal =
        ["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];

    private static readonly HashSet<string> ThreeDecimal = ["BHD", "JOD", "KWD", "OMR", "TND"];

    /// <summary>Stripe's minimum charge amounts (in major units) where it publishes one; elsewhere the
    /// smallest amount the currency can express is the floor, and the provider may still ask for more.</summary>
    private static readonly Dictionary<string, decimal> MinimumCharge = new(StringComparer.Ordinal)
    {
        ["USD"] = 0.50m, ["AED"] = 2.00m, ["AUD"] = 0.50m, ["BGN"] = 1.00m, ["BRL"] = 0.50m, ["CAD"] = 0.50m,
        ["CHF"] = 0.50m, ["CZK"] = 15.00m, ["DKK"] = 2.50m, ["EUR"] = 0.50m, ["GBP"] = 0.30m, ["HKD"] = 4.00m,
        ["HUF"] = 175.00m, ["INR"] = 0.50m, ["JPY"] = 50m, ["MXN"] = 10m, ["MYR"] = 2m, ["NOK"] = 3.00m,
        ["NZD"] = 0.50m, ["PLN"] = 2.00m, ["RON"] = 2.00m, ["SEK"] = 3.00m, ["SGD"] = 0.50m, ["THB"] = 10m,
    };

    /// <summary>Stripe's largest single charge, in minor units.</summary>
    public const long MaxChargeMinorUnits = 99_999_999;

    /// <summary>Decimals of the minor unit: 0 (JPY), 3 (KWD) or 2.</summary>
    public static int Decimals(string currency)
    {
        var code = currency.ToUpperInvariant();
        return ZeroDecimal.Contains(code) ? 0 : ThreeDecimal.Contains(code) ? 3 : 2;
    }

    /// <summary>Decimals a price may have: three-decimal currencies are charged in multiples of ten
    /// thousandths, so their prices carry two decimals like most currencies.</summary>
    public static int PriceDecimals(string currency) => Math.Min(Decimals(currency), 2);

    public static long ToMinorUnits(decimal amount, string currency) =>
        (long)decimal.Round(amount * Scale(currency), MidpointRounding.AwayFromZero);

    public static decimal FromMinorUnits(long amount, string currency) => amount / Scale(currency);

    public static decimal MinimumPaidPrice(string currency) =>
        MinimumCharge.GetValueOrDefault(currency.ToUpperInvariant(), 1m / Scale(currency) * (Decimals(currency) == 3 ? 10 : 1));

    /// <summary>Why a unit price cannot be charged exactly in this currency for an order of up to
    /// <paramref name="maxQuantity"/> places, or null when it can.</summary>
    public static string? PriceProblem(decimal price, string currency, int maxQuantity)
    {
        if (price == 0)
            return null;
        var code = currency.ToUpperInvariant();
        var decimals = PriceDecimals(code);
        if (decimal.Round(price, decimals) != price)
            return decimals == 0
                ? $"{code} is charged in whole units: the price cannot have decimals."
                : $"A {code} price can have at most two decimals.";
        if (price < MinimumPaidPrice(code))
            return $"Price must be 0 (free) or at least {Format(MinimumPaidPrice(code), code)}, the smallest charge the payment provider takes.";
        if (ToMinorUnits(price, code) * maxQuantity > MaxChargeMinorUnits)
            return $"Price must be at most {Format(decimal.Round(FromMinorUnits(MaxChargeMinorUnits / maxQuantity, code), decimals, MidpointRounding.ToZero), code)}, so that an order of {maxQuantity} stays within the payment provider's largest charge.";
        return null;
    }

    /// <summary>An amount as the currency writes it: 12.50 EUR, 1500 JPY, 5.250 KWD.</summary>
    public static string Format(decimal amount, string currency) =>
        $"{decimal.Round(amount, Decimals(currency)).ToString("F" + Decimals(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}";

    private static decimal Scale(string currency) => Decimals(currency) switch { 0 => 1m, 3 => 1000m, _ => 100m };
}
