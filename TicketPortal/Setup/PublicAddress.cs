namespace TicketPortal.Setup;

/// <summary>The portal's public address (Portal:PublicBaseUrl), for links that leave the portal and come
/// back, such as Stripe's success and cancel URLs. Without it the address the request came in on is used
/// (behind a proxy: as the forwarded headers of a configured proxy say).</summary>
public sealed class PublicAddress(IConfiguration config)
{
    private readonly string? configured = config["Portal:PublicBaseUrl"] is { Length: > 0 } url ? url.TrimEnd('/') : null;

    public string BaseFor(HttpRequest request) => configured ?? $"{request.Scheme}://{request.Host}";

    public string BaseFor(string requestBaseUri) => configured ?? requestBaseUri.TrimEnd('/');
}
