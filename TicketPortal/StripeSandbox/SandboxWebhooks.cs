using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TicketPortal.Payments;

namespace TicketPortal.StripeSandbox;

/// <summary>Sends the sandbox's events to the portal's webhook endpoint, signed as Stripe signs them
/// (t=…,v1=HMAC-SHA256), in the background and with retries, as Stripe does.</summary>
public sealed class SandboxWebhooks(IHttpClientFactory http, StripeSettings settings, SandboxStore store, ILogger<SandboxWebhooks> log)
{
    /// <summary>Delivers an event to the portal's own webhook endpoint (<see cref="StripeSettings.SandboxWebhookUrl"/>):
    /// never to an address taken from a request, so no buyer can make the server post signed events elsewhere.</summary>
    public void Send(string type, object data)
    {
        if (!settings.SandboxWebhooks)
            return;
        var target = settings.SandboxWebhookUrl;
        var payload = JsonSerializer.Serialize(SandboxJson.Event(SandboxStore.NewId("evt"), type, data, store.Now));
        _ = Task.Run(() => DeliverAsync(target, payload));
    }

    public static string Sign(string payload, string secret, long timestamp)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(hash)}";
    }

    private async Task DeliverAsync(string target, string payload)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                request.Headers.Add("Stripe-Signature", Sign(payload, settings.WebhookSecret, store.Now));
                using var response = await http.CreateClient("stripe-sandbox-webhooks").SendAsync(request);
                if (response.IsSuccessStatusCode)
                    return;
                log.LogWarning("Sandbox webhook to {Target} answered {Status} (attempt {Attempt})", target, (int)response.StatusCode, attempt);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                log.LogWarning(ex, "Sandbox webhook to {Target} failed (attempt {Attempt})", target, attempt);
            }
            await Task.Delay(TimeSpan.FromSeconds(attempt));
        }
    }
}
