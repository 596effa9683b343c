using TicketPortal.Domain.Events;
using TicketPortal.Domain.Payments;

namespace TicketPortal.Tests.Unit;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData(12.5, "EUR", 1250)]
    [InlineData(1500, "JPY", 1500)]
    [InlineData(1500, "krw", 1500)]
    [InlineData(5.25, "KWD", 5250)]
    [InlineData(3.1, "BHD", 3100)]
    public void ToMinorUnits_ChargesExactlyThePriceShown(double price, string currency, long minor)
    {
        Assert.Equal(minor, Currencies.ToMinorUnits((decimal)price, currency));
        Assert.Equal((decimal)price, Currencies.FromMinorUnits(minor, currency));
    }

    [Theory]
    [InlineData(12.5, "EUR", "12.50 EUR")]
    [InlineData(1500, "JPY", "1500 JPY")]
    [InlineData(5.25, "KWD", "5.250 KWD")]
    public void Format_UsesTheCurrencysOwnDecimals(double amount, string currency, string shown) =>
        Assert.Equal(shown, Currencies.Format((decimal)amount, currency));

    [Theory]
    [InlineData(1500.5, "JPY", "whole units")]
    [InlineData(20, "JPY", "at least 50 JPY")]
    [InlineData(5.255, "KWD", "at most two decimals")]
    [InlineData(10_000, "KWD", "at most 9999.990 KWD")]
    [InlineData(0.49, "EUR", "at least 0.50 EUR")]
    [InlineData(0.29, "GBP", "at least 0.30 GBP")]
    public void PriceProblem_NamesWhyAPriceCannotBeCharged(double price, string currency, string expected) =>
        Assert.Contains(expected, Currencies.PriceProblem((decimal)price, currency, EventDraftValidator.MaxOrderForPricing));

    [Theory]
    [InlineData(0, "JPY")]
    [InlineData(50, "JPY")]
    [InlineData(0.30, "GBP")]
    [InlineData(5.25, "KWD")]
    [InlineData(9999.99, "KWD")]
    [InlineData(50_000, "EUR")]
    public void PriceProblem_AcceptsChargeablePrices(double price, string currency) =>
        Assert.Null(Currencies.PriceProblem((decimal)price, currency, EventDraftValidator.MaxOrderForPricing));
}
