using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Applications;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Seats;

public static class SeatsRegistration
{
    /// <summary>Reserved seating: seat maps, the seat-aware inventory every ticket path uses, lock and unlock by
    /// API applications, and seat changes published.</summary>
    public static IServiceCollection AddSeatServices(this IServiceCollection services)
    {
        services.AddScoped<PlaceInventory>();
        services.AddScoped<IInventory, SeatInventory>();
        services.AddScoped<SeatMapService>();
        services.AddScoped<SeatLocks>();
        services.AddScoped<ApiApplications>();
        services.AddScoped<Operations.IOperationHandler, ImportSeatMapOperation>();
        services.AddPublication<SeatPublication>();
        return services;
    }
}
