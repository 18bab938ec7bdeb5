using NeighborBot.Api.Admin;
using NeighborBot.Api.Broadcasts;
using NeighborBot.Api.Care;
using NeighborBot.Api.Directory;
using NeighborBot.Api.Groups;
using NeighborBot.Api.Health;
using NeighborBot.Api.Hosting;
using NeighborBot.Api.Intake;
using NeighborBot.Api.Outbox;
using NeighborBot.Api.Tickets;
using NeighborBot.Api.Warnings;
using NeighborBot.Api.WeChat;
using NeighborBot.Api.WeCom;
using NeighborBot.Jobs;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNeighborBot();
builder.AddDemoDirectory();

var app = builder.Build();

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
    .MapCareApi();
app.MapOpenApiDocument();
app.MapJobsDashboard();

return app.RunOrExplain("NeighborBot");

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
