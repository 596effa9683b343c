using MudBlazor.Services;
using TicketPortal.Accounts;
using TicketPortal.Api;
using TicketPortal.CheckIns;
using TicketPortal.Components;
using TicketPortal.Events;
using TicketPortal.Mail;
using TicketPortal.EventStream;
using TicketPortal.Operations;
using TicketPortal.Payments;
using TicketPortal.Realtime;
using TicketPortal.Seats;
using TicketPortal.ServiceRequests;
using TicketPortal.Setup;
using TicketPortal.StripeSandbox;
using TicketPortal.Tickets;

var builder = WebApplication.CreateBuilder(args);

// The platform, then one line per feature; each feature's folder registers its own services, options,
// publications, routes and jobs.
builder.AddPersistence();
builder.AddProductionDefaults();
builder.AddAccounts();
builder.AddApi();
builder.AddJobs();
builder.AddRealtime();
builder.AddEvents();
builder.AddTickets();
builder.AddPayments();
builder.AddStripeSandbox();
builder.AddOperations();
builder.AddSeats();
builder.AddServiceRequests();
builder.AddCheckIns();
builder.AddMail();
builder.AddEventStream();
builder.Services.AddMudServices();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

// Settings that would otherwise fall back to a simulation outside Development: say which, in one line, and stop.
if ((app.PaymentsMisconfigured() ?? app.EventStreamMisconfigured()) is { } problem)
{
    await Console.Error.WriteLineAsync(problem);
    return 1;
}

await app.PreparePortalDatabaseAsync();

app.UseProductionDefaults();
app.UseApiBeforeAuthentication();
app.UseAuthentication();
app.UseAuthorization();
app.UseApiAfterAuthentication();
app.UseSeats();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapApi();
app.MapAccounts();
app.MapJobs();
app.MapRealtime();
app.MapEvents();
app.MapTickets();
app.MapPayments();
app.MapStripeSandbox();
app.MapOperations();
app.MapSeats();
app.MapServiceRequests();
app.MapCheckIns();
app.MapMail();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Lifetime.ApplicationStarted.Register(() =>
{
    app.Logger.LogInformation("TicketPortal is up at {Urls}", string.Join(", ", app.Urls));
    if (app.Configuration.GetValue("Demo:Seed", false))
        app.Logger.LogInformation("Demo accounts (password {Password}): {Accounts}", DemoData.Password,
            string.Join(", ", DemoData.OrganizerEmail, DemoData.SecondOrganizerEmail, DemoData.AttendeeEmail, DemoData.AdminEmail));
});

await app.RunAsync();
return 0;
