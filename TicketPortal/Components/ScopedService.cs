namespace TicketPortal.Components;

/// <summary>Runs one piece of work in its own DI scope. A Blazor circuit lives for minutes and its
/// events can overlap; a fresh scope per operation means a fresh DbContext that no two calls share.</summary>
public static class ScopedService
{
    public static async Task<T> RunAsync<TService, T>(this IServiceScopeFactory scopes, Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
