using NeighborBot.Api.Admin;
using NeighborBot.Api.Directory;
using NeighborBot.Api.Health;
using NeighborBot.Api.Hosting;
using NeighborBot.Api.Intake;
using NeighborBot.Api.Notifications;
using NeighborBot.Api.Tickets;
using NeighborBot.Api.WeChat;
using NeighborBot.Conversations;
using NeighborBot.Jobs;
using NeighborBot.Jobs.Notifications;
using NeighborBot.Notifications;
using NeighborBot.Storage;
using NeighborBot.WeChat;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddStores();
builder.AddWeChat();
builder.AddConversations();
builder.AddDirectory();
builder.AddNotifications();
builder.AddJobs();
builder.AddNotificationJobs();

var app = builder.Build();

app.UsePlainErrors();
app.UseRouting();
app.UseAdminKey();
app.MapHealth();
app.MapWeChatCallback();
app.MapAdminGroup()
    .MapIntakeApi()
    .MapTicketsApi()
    .MapDirectoryApi()
    .MapMessagesApi();
app.MapJobsDashboard();

return app.RunOrExplain();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
