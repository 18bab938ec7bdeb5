using NeighborBot.Api.Admin;
using NeighborBot.Api.Broadcasts;
using NeighborBot.Api.Care;
using NeighborBot.Api.Wishes;
using NeighborBot.Api.Console;
using NeighborBot.Api.Directory;
using NeighborBot.Api.Groups;
using NeighborBot.Api.Health;
using NeighborBot.Api.Hosting;
using NeighborBot.Api.Intake;
using NeighborBot.Api.Mediation;
using NeighborBot.Api.Outbox;
using NeighborBot.Api.Tickets;
using NeighborBot.Api.Warnings;
using NeighborBot.Api.WeChat;
using NeighborBot.Api.WeCom;
using NeighborBot.Jobs;

// `add-admin NAME` adds the first admin to the configured store and exits (see README, "Console").
var isCommand = AddAdminCommand.TryParse(args, out var addAdmin, out var usage);
if (usage)
{
    await Console.Error.WriteLineAsync(AddAdminCommand.Usage);
    return 2;
}

var builder = WebApplication.CreateBuilder(isCommand ? [] : args);

builder.AddServiceDefaults();
builder.AddNeighborBot();
builder.AddDemoDirectory();
builder.AddConsole();

var app = builder.Build();
if (addAdmin is not null)
{
    return await addAdmin.RunAsync(app.Services, Environment.GetEnvironmentVariable, Console.In, Console.Out, CancellationToken.None);
}

app.UsePlainErrors();
app.UseRouting();
app.UseAdminKey();
app.MapHealth();
app.MapWeChatCallback();
app.MapWeComCallback();
app.MapBridgeCallback();
app.MapSensorAlerts();
app.MapAdminGroup()
    .MapIntakeApi()
    .MapTicketsApi()
    .MapDirectoryApi()
    .MapGroupsApi()
    .MapMessagesApi()
    .MapBroadcastsApi()
    .MapWarningsApi()
    .MapCareApi()
    .MapWishesApi()
    .MapMediationApi();
app.MapOpenApiDocument();
app.MapJobsDashboard();
app.MapConsole();

return app.RunOrExplain("NeighborBot");

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
