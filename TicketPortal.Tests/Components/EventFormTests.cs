using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using TicketPortal.Events.Pages;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Events;

namespace TicketPortal.Tests.Components;

public sealed class EventFormTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();
    private readonly List<EventDraft> saved = [];

    public EventFormTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(TimeProvider.System);
    }

    private IRenderedComponent<EventForm> Render(EventDraft model) =>
        ctx.Render<EventForm>(p => p
            .Add(x => x.Model, model)
            .Add(x => x.OnSave, draft =>
            {
                saved.Add(draft);
                return Task.FromResult<IReadOnlyList<FieldError>>([]);
            }));

    [Fact]
    public void Submit_EmptyForm_ShowsAMessageOnEveryRequiredField_AndDoesNotSave()
    {
        var cut = Render(new EventDraft());

        cut.Find("button[type=submit]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Title is required.", cut.Markup);
            Assert.Contains("Venue is required.", cut.Markup);
            Assert.Contains("Start date and time are required.", cut.Markup);
            Assert.Contains("Duration is required.", cut.Markup);
            Assert.Contains("Capacity is required.", cut.Markup);
            Assert.Contains("Add at least one price tier.", cut.Markup);
        });
        Assert.Empty(saved);
    }

    [Fact]
    public void Submit_WithBadTier_ShowsTheTierMessage_ThenSavesOnceFixed()
    {
        var model = new EventDraft
        {
            Title = "Summer Gala", Venue = "Garden", StartDate = DateTime.UtcNow.AddDays(5), Minutes = 60, Capacity = 10,
            Tiers = [new PriceTierDraft { Name = "Standard", Price = 10m, Currency = "EURO" }],
        };
        var cut = Render(model);

        cut.Find("button[type=submit]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Currency must be a 3-letter ISO code such as EUR.", cut.Markup));
        Assert.Empty(saved);

        cut.Find("[data-testid=tier-0-currency] input").Change("EUR");
        cut.WaitForAssertion(() => Assert.DoesNotContain("Currency must be a 3-letter ISO code", cut.Markup));
        cut.Find("button[type=submit]").Click();

        cut.WaitForAssertion(() => Assert.Single(saved));
        Assert.Equal("EUR", saved[0].Tiers[0].Currency);
    }

    [Fact]
    public void EditingAField_BeforeSubmit_ValidatesOnlyThatField()
    {
        var cut = Render(new EventDraft { Tiers = [new PriceTierDraft()] });

        cut.Find("[data-testid=title] input").Change("   ");

        cut.WaitForAssertion(() => Assert.Contains("Title is required.", cut.Markup));
        Assert.DoesNotContain("Venue is required.", cut.Markup);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ctx.DisposeAsync();
}
