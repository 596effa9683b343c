namespace TicketPortal.Domain.Realtime;

/// <summary>Seed 004's topic names. Database and route events carry the service prefix (a setting, default
/// tickatme-ticket-service); index events are named for the search index, as the seed prints them, except that
/// the seed's "updated" index topics, printed as "-created", are named "-updated" here.</summary>
public sealed class Topics(string prefix = Topics.DefaultPrefix)
{
    public const string DefaultPrefix = "tickatme-ticket-service";

    /// <summary>The seed's object names: ticket, ticketPayment, paymentCustomer, paymentMethod.</summary>
    public static readonly string[] Objects = ["ticket", "ticketPayment", "paymentCustomer", "paymentMethod"];

    /// <summary>Route events, spelled as the seed spells them.</summary>
    public static readonly string[] RouteEvents =
    [
        "ticket-created", "ticket-startcheckoutked", "ticket-completecheckoutked", "ticket-refreshcheckoutked",
        "ticketpayment-retreived", "ticketpaymentbyorderid-got", "ticketpaymentbypaymentid-got",
        "ticketpayment-created", "ticketpayment-updated", "ticketpayments-listed", "ticketpayments-deleted",
        "paymentcustomer-retreived", "paymentcustomers-listed", "paymentmethods-listed",
    ];

    private static readonly string[] Changes = ["created", "updated", "deleted"];

    public string Prefix { get; } = prefix;

    public string Database(string objectName, string change) => $"{Prefix}-dbevent-{objectName.ToLowerInvariant()}-{change}";
    public static string Index(string objectName, string change) => $"elastic-index-tickatme_{objectName.ToLowerInvariant()}-{change}";
    public string Route(string routeEvent) => $"{Prefix}-{routeEvent}";

    public IReadOnlySet<string> All => all ??= Objects
        .SelectMany(o => Changes.SelectMany(c => new[] { Database(o, c), Index(o, c) }))
        .Concat(RouteEvents.Select(Route))
        .ToHashSet(StringComparer.Ordinal);

    private IReadOnlySet<string>? all;
}
