using System.Text.Json;
using System.Text.Json.Nodes;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>The OpenAPI document is a contract: every operation is named, tagged and typed, and no change to it goes
/// unnoticed. After a deliberate change, refresh the snapshot with
/// <c>UPDATE_OPENAPI_SNAPSHOT=1 dotnet test --filter OpenApiContractTests</c> and commit docs/openapi/v1.json.</summary>
[Collection(PortalCollection.Name)]
public sealed class OpenApiContractTests(PortalFactory portal)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task TheServedDocument_MatchesTheCommittedSnapshot()
    {
        var served = await ServedAsync();
        var path = Path.Combine(RepositoryRoot(), "docs", "openapi", "v1.json");
        var text = served.ToJsonString(Indented) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI_SNAPSHOT") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text);
        }
        Assert.True(File.Exists(path), $"No snapshot at {path}: run UPDATE_OPENAPI_SNAPSHOT=1 dotnet test --filter OpenApiContractTests");
        var committed = await File.ReadAllTextAsync(path);
        Assert.True(committed == text,
            "The served OpenAPI document differs from docs/openapi/v1.json. If the change is deliberate, refresh it with " +
            "UPDATE_OPENAPI_SNAPSHOT=1 dotnet test --filter OpenApiContractTests and commit the file; otherwise it is a breaking change.");
    }

    [Fact]
    public async Task EveryOperation_IsNamedTaggedSummarized_AndDeclaresTypedAnswers()
    {
        var document = await ServedAsync();
        var ids = new HashSet<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var where = $"{method.ToUpperInvariant()} {path}";
                var id = operation["operationId"]?.GetValue<string>();
                Assert.False(string.IsNullOrEmpty(id), $"{where} has no operationId");
                Assert.True(id!.All(char.IsLetterOrDigit), $"{where}: operationId '{id}' is not an identifier");
                Assert.True(ids.Add(id), $"{where}: operationId '{id}' is used twice");
                Assert.True(operation["tags"]?.AsArray().Count > 0, $"{where} has no tag");
                if (!path.StartsWith("/api/v1/auth", StringComparison.Ordinal))
                    Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{where} has no summary");
                var responses = operation["responses"]!.AsObject();
                foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('2')))
                {
                    var schema = response!["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();
                    Assert.True(schema != "#/components/schemas/Envelope", $"{where} {status} answers the untyped Envelope");
                }
                if (path.StartsWith("/api/v1/", StringComparison.Ordinal))
                    Assert.True(responses.ContainsKey("400"), $"{where} declares no 400");
            }
        var tags = document["tags"]!.AsArray().Select(t => t!["description"]?.GetValue<string>()).ToList();
        Assert.All(tags, d => Assert.False(string.IsNullOrEmpty(d)));
    }

    [Fact]
    public async Task NumbersAreNumbers_AndTheTicketEnvelopeCarriesEverySeedField()
    {
        var document = await ServedAsync();
        var text = document.ToJsonString();
        Assert.DoesNotContain("\"integer\",\"string\"", text, StringComparison.Ordinal);
        var envelope = document["components"]!["schemas"]!["TicketEnvelope"]!;
        var ticket = envelope["properties"]!["ticket"]!;
        var fields = (ticket["properties"] ?? document["components"]!["schemas"]![ticket["$ref"]!.GetValue<string>().Split('/')[^1]]!["properties"])!.AsObject();
        foreach (var field in new[] { "id", "_owner", "eventId", "userId", "price", "eventStartDate", "eventMinutes", "status", "statusUpdateDate", "organizerId", "isActive", "recordVersion", "createdAt", "updatedAt" })
            Assert.True(fields.ContainsKey(field), $"ticket lacks {field}");
        Assert.True(envelope["properties"]!.AsObject().ContainsKey("ticketPayment"));
    }

    private async Task<JsonObject> ServedAsync()
    {
        var json = await portal.Anonymous().GetStringAsync("/openapi/v1.json");
        return JsonNode.Parse(json)!.AsObject();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TicketPortal.sln")))
                return dir.FullName;
        throw new InvalidOperationException("TicketPortal.sln not found above the test binaries.");
    }
}
