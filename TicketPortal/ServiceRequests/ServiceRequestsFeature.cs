using TicketPortal.Domain.ServiceRequests;

namespace TicketPortal.ServiceRequests;

/// <summary>Service requests (seed 003): workflows as data, requests with their transitions and effects, their REST
/// routes and pages; changes go out on the hub as <c>&lt;prefix&gt;-servicerequest-*</c>.</summary>
public static class ServiceRequestsFeature
{
    public static WebApplicationBuilder AddServiceRequests(this WebApplicationBuilder builder)
    {
        builder.Services.AddServiceRequestServices();
        return builder;
    }

    public static WebApplication MapServiceRequests(this WebApplication app)
    {
        app.MapServiceRequestsApi();
        return app;
    }
}
