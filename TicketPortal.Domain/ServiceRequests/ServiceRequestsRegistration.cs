using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.ServiceRequests;

public static class ServiceRequestsRegistration
{
    /// <summary>Service requests (seed 003): workflows as data, requests, their transitions and effects, published.</summary>
    public static IServiceCollection AddServiceRequestServices(this IServiceCollection services)
    {
        services.AddScoped<Workflows>();
        services.AddScoped<ServiceRequestService>();
        services.AddPublication<ServiceRequestPublication>();
        return services;
    }
}
