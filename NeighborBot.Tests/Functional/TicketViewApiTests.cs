using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tests.Tickets;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// Over HTTP on the real host: every admin ticket route answers with the JSON the domain ticket gave before the
/// routes sent a view of it (what the host would write for the stored ticket itself).
/// </summary>
public sealed class TicketViewApiTests : DeskTest
{
    private HttpClient Admin()
    {
        var admin = Host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
        return admin;
    }

    private ITicketStore Store => Host.Services.GetRequiredService<ITicketStore>();

    /// <summary>The stored ticket as the routes wrote it when they returned the domain record.</summary>
    private async Task<string> AsTheDomainTicketWroteIt(string number) =>
        JsonSerializer.Serialize((await Store.GetAsync(number, default))!, Host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);

    [Fact]
    public async Task List_get_and_recategorize_answer_with_the_json_the_domain_ticket_gave()
    {
        var admin = Admin();
        var full = TicketViewTests.Full();
        await Store.CreateAsync(full, full.Number, null, default);

        var one = await admin.GetAsync($"/api/admin/tickets/{full.Number}");
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/tickets?status=closed");

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(await AsTheDomainTicketWroteIt(full.Number), await one.Content.ReadAsStringAsync());
        var listed = Assert.Single(list.EnumerateArray(), t => t.GetProperty("number").GetString() == full.Number);
        Assert.Equal(await AsTheDomainTicketWroteIt(full.Number), listed.GetRawText());
        Assert.Equal("gas", listed.GetProperty("hazard").GetString());

        var recategorized = await admin.PostAsJsonAsync($"/api/admin/tickets/{full.Number}/category", new { category = "hazard", note = "是燃气" });

        Assert.Equal(HttpStatusCode.OK, recategorized.StatusCode);
        var body = await recategorized.Content.ReadAsStringAsync();
        Assert.Equal(await AsTheDomainTicketWroteIt(full.Number), body);
        Assert.Contains("\"action\":\"recategorized\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assign_and_close_answer_with_the_json_the_domain_ticket_gave()
    {
        var admin = Admin();
        var now = Clock.GetUtcNow();
        var reporter = $"mp:{NeighborBotFactory.Account}:{Resident}";
        var open = await Store.CreateAsync(new Ticket
        {
            Category = "repair", Reporter = reporter, Channel = "mp", Text = "3号楼2单元501水管漏水",
            SourceId = "view-" + Guid.NewGuid().ToString("N"), Grid = "g1", Location = new TicketLocation(3, 2, "501", null),
            HouseholdId = "3-2-501", CreatedAt = now, UpdatedAt = now,
            Attachments = [new TicketAttachment("image", "media-9", null, now)],
            Events = [new TicketEvent(now, reporter, TicketActions.Created), new TicketEvent(now, reporter, TicketActions.Attachment, "image")],
        }, "20991231-0002", null, default);

        var assigned = await admin.PostAsJsonAsync($"/api/admin/tickets/{open.Number}/assign", new { person = "w_g1", note = "网格员先去看看" });

        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var assignedBody = await assigned.Content.ReadAsStringAsync();
        Assert.Equal(await AsTheDomainTicketWroteIt(open.Number), assignedBody);
        Assert.Contains("\"assignee\":\"w_g1\"", assignedBody, StringComparison.Ordinal);

        var closed = await admin.PostAsJsonAsync($"/api/admin/tickets/{open.Number}/close", new { note = "电话回访已解决" });

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var closedBody = await closed.Content.ReadAsStringAsync();
        Assert.Equal(await AsTheDomainTicketWroteIt(open.Number), closedBody);
        Assert.Contains("\"status\":\"closed\"", closedBody, StringComparison.Ordinal);
    }
}
