using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.CheckIns;

public static class CheckInsRegistration
{
    /// <summary>At the door: admission codes signed with a key the portal keeps, check-ins (published), door staff.</summary>
    public static IServiceCollection AddCheckInServices(this IServiceCollection services)
    {
        services.AddSingleton<AdmissionKeyRing>();
        services.AddSingleton<AdmissionCodes>();
        services.AddScoped<CheckInService>();
        services.AddScoped<DoorStaff>();
        services.AddPublication<CheckInPublication>();
        return services;
    }
}
