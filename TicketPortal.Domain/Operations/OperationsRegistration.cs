using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Operations;

public static class OperationsRegistration
{
    /// <summary>Operation tickets, their handlers and what they publish.</summary>
    public static IServiceCollection AddOperationServices(this IServiceCollection services)
    {
        services.AddScoped<OperationTickets>();
        services.AddScoped<IOperationHandler, DeleteTicketsOperation>();
        services.AddScoped<CancelEventOperation>();
        services.AddScoped<IOperationHandler, ExportAttendeesOperation>();
        services.AddScoped<IOperationHandler, IssueComplimentaryTicketsOperation>();
        services.AddScoped<IOperationHandler>(sp => sp.GetRequiredService<CancelEventOperation>());
        services.AddPublication<OperationTicketPublication>();
        return services;
    }
}
