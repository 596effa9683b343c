using Microsoft.AspNetCore.ResponseCompression;
using TicketPortal.Domain.Seats;

namespace TicketPortal.Seats;

/// <summary>Reserved seating (seed 002): seat maps and the seat picker, API applications, and the lock and unlock
/// routes with their own error shape, gzip and Request-ID echo.</summary>
public static class SeatsFeature
{
    public static WebApplicationBuilder AddSeats(this WebApplicationBuilder builder)
    {
        builder.Services.AddSeatServices();
        builder.Services.AddResponseCompression(o =>
        {
            // Only the seed's lock and unlock answers are compressed (UseSeats scopes it); they echo tokens, not secrets.
            o.EnableForHttps = true;
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json"];
        });
        builder.Services.AddRequestDecompression();
        return builder;
    }

    public static WebApplication UseSeats(this WebApplication app)
    {
        app.UseWhen(ctx => SeatLockApi.IsSeatLockRoute(ctx.Request), seed => seed.UseResponseCompression().UseRequestDecompression());
        return app;
    }

    public static WebApplication MapSeats(this WebApplication app)
    {
        app.MapSeatMapApi();
        app.MapApplicationsApi();
        app.MapSeatLockApi();
        return app;
    }
}
