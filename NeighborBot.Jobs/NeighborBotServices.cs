using Microsoft.Extensions.Hosting;
using NeighborBot.Bridges;
using NeighborBot.Broadcasts;
using NeighborBot.Care;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.FollowUp;
using NeighborBot.Groups;
using NeighborBot.Mediation;
using NeighborBot.Outbox;
using NeighborBot.Storage;
using NeighborBot.Tickets;
using NeighborBot.Warnings;
using NeighborBot.WeChat;
using NeighborBot.WeChat.WeCom;
using NeighborBot.Wishes;

namespace NeighborBot.Jobs;

public static class NeighborBotServices
{
    /// <summary>
    /// Everything but HTTP, the same in the API host and in a worker process: the stores, the domain (broadcasts and festival care too),
    /// the channels (the Official Account, WeCom robots, group bridges), and the jobs (a server when <c>Jobs:RunServer</c>).
    /// </summary>
    public static IHostApplicationBuilder AddNeighborBot(this IHostApplicationBuilder builder) => builder
        .AddStores()
        .AddDirectory()
        .AddTickets()
        .AddOutbox()
        .AddFollowUp()
        .AddConversations()
        .AddBroadcasts()
        .AddWarnings()
        .AddCare()
        .AddWishes()
        .AddMediation()
        .AddGroups()
        .AddWeChat()
        .AddWeCom()
        .AddBridges()
        .AddJobs();
}
