using MudBlazor.Services;
using TicketPortal.Accounts;
using TicketPortal.Api;
using TicketPortal.Components;
using TicketPortal.Setup;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddPortalPersistence();
builder.Services.AddPortalIdentity();
builder.Services.AddPortalApi();
builder.Services.AddPortalPayments();
builder.Services.AddPortalRealtime();
builder.Services.AddPortalJobs(builder.Configuration);
builder.Services.AddMudServices();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

await app.PreparePortalDatabaseAsync();

app.UseExceptionHandler();
app.UseWhen(ctx => ctx.Request.IsApiRequest(), api => api.UseStatusCodePages());
app.UseRequestTimer();
app.UseCors(ApiSetup.CorsPolicy);
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<IdempotencyMiddleware>();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapPortalApi();
app.MapPortalPayments();
app.MapPortalRealtime();
app.MapAccountEndpoints();
app.UsePortalJobs();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Lifetime.ApplicationStarted.Register(() =>
{
    app.Logger.LogInformation("TicketPortal is up at {Urls}", string.Join(", ", app.Urls));
    if (app.Configuration.GetValue("Demo:Seed", false))
        app.Logger.LogInformation("Demo accounts (password {Password}): {Accounts}", DemoData.Password,
            string.Join(", ", DemoData.OrganizerEmail, DemoData.SecondOrganizerEmail, DemoData.AttendeeEmail, DemoData.AdminEmail));
});

app.Run();
