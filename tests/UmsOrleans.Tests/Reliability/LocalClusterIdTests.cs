using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using UmsOrleans.Grains.Hosting;

namespace UmsOrleans.Tests.Reliability;

/// <summary>The cluster id of a single-machine cluster follows its data directory unless set; busy ports are seen as busy.</summary>
public sealed class LocalClusterIdTests
{
    private static UmsClusterOptions Read(params (string Key, string Value)[] settings) =>
        UmsClusterOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void Localhost_clusters_over_different_data_directories_have_different_ids()
    {
        var first = Read(("Ums:Catalog:DataDirectory", "/srv/ums-a")).ClusterId;
        var second = Read(("Ums:Catalog:DataDirectory", "/srv/ums-b")).ClusterId;

        Assert.NotEqual(first, second);
        Assert.Equal(first, Read(("Ums:Catalog:DataDirectory", "/srv/ums-a/")).ClusterId);
        Assert.Equal(LocalClusterId.For("data"), Read().ClusterId);
    }

    [Fact]
    public void An_explicit_cluster_id_or_redis_membership_keeps_its_id()
    {
        Assert.Equal("shop", Read(("Ums:Catalog:DataDirectory", "/srv/ums-a"), ("Ums:Cluster:ClusterId", "shop")).ClusterId);
        Assert.Equal("ums", Read(("Ums:Catalog:DataDirectory", "/srv/ums-a"), ("Ums:Cluster:Redis", "127.0.0.1:6379")).ClusterId);
    }

    [Fact]
    public void A_port_another_listener_holds_with_address_reuse_is_not_free()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // What Orleans does: with it, a second silo's listener would bind the same port without error.
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;

        Assert.False(PortProbe.IsFree(endpoint));
        listener.Close();
        Assert.True(PortProbe.IsFree(endpoint));
    }
}
