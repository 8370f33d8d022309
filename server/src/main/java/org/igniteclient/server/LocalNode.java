package org.igniteclient.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterState;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.ClientConnectorConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.WALMode;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.apache.ignite.ssl.SslContextFactory;

/**
 * One Apache Ignite server node for the client's tests, examples and benchmarks.
 *
 * Every port is derived from the node's index, and discovery only looks at a fixed range on
 * 127.0.0.1, so a test cluster never reaches outside the machine and two clusters with
 * different bases never meet. The consistent id is fixed ("node-<index>") so that partition
 * placement, which rendezvous affinity derives from consistent ids, is the same on every run.
 */
public final class LocalNode {
    private LocalNode() {
    }

    public static void main(String[] args) throws Exception {
        Options opts = Options.parse(args);
        if (opts.ownerPid > 0)
            watchOwner(opts.ownerPid);

        IgniteConfiguration cfg = new IgniteConfiguration()
            .setIgniteInstanceName("node-" + opts.index)
            .setConsistentId("node-" + opts.index)
            .setLocalHost("127.0.0.1")
            .setWorkDirectory(opts.workDir)
            .setMetricsLogFrequency(0)
            .setPeerClassLoadingEnabled(false);

        // Fault tests shorten these so that a killed or frozen node leaves the topology quickly.
        if (opts.failureDetectionMs > 0) {
            cfg.setFailureDetectionTimeout(opts.failureDetectionMs);
            cfg.setClientFailureDetectionTimeout(opts.failureDetectionMs);
        }

        List<String> addrs = new ArrayList<>();
        addrs.add("127.0.0.1:" + opts.discoveryPort + ".." + (opts.discoveryPort + opts.nodes - 1));
        TcpDiscoveryVmIpFinder ipFinder = new TcpDiscoveryVmIpFinder().setAddresses(addrs);
        cfg.setDiscoverySpi(new TcpDiscoverySpi()
            .setIpFinder(ipFinder)
            .setLocalAddress("127.0.0.1")
            .setLocalPort(opts.discoveryPort + opts.index)
            .setLocalPortRange(0));

        TcpCommunicationSpi comm = new TcpCommunicationSpi();
        comm.setLocalAddress("127.0.0.1");
        comm.setLocalPort(opts.communicationPort + opts.index);
        comm.setLocalPortRange(0);
        cfg.setCommunicationSpi(comm);

        ClientConnectorConfiguration clientCfg = new ClientConnectorConfiguration()
            .setHost("127.0.0.1")
            .setPort(opts.clientPort + opts.index)
            .setPortRange(0);
        // The server closes thin-client connections idle for this long (0, the default: never).
        if (opts.idleTimeoutMs > 0)
            clientCfg.setIdleTimeout(opts.idleTimeoutMs);
        // TLS on the thin-client port only (discovery and communication stay plain): the client's
        // security tests need it there, nothing else.
        if (opts.tlsKeyStore != null) {
            SslContextFactory ssl = new SslContextFactory();
            ssl.setKeyStoreFilePath(opts.tlsKeyStore);
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStorePassword(opts.tlsPassword.toCharArray());
            if (opts.tlsTrustStore != null) {
                ssl.setTrustStoreFilePath(opts.tlsTrustStore);
                ssl.setTrustStoreType("PKCS12");
                ssl.setTrustStorePassword(opts.tlsPassword.toCharArray());
            }
            else
                ssl.setTrustManagers(SslContextFactory.getDisabledTrustManager());
            clientCfg.setSslEnabled(true)
                .setUseIgniteSslContextFactory(false)
                .setSslClientAuth(opts.tlsClientAuth)
                .setSslContextFactory(ssl);
        }
        cfg.setClientConnectorConfiguration(clientCfg);

        // A small off-heap region keeps several nodes within the machine's memory. Authentication
        // needs persistence (Ignite keeps its users there), kept small: the work directory is a
        // temporary one that the cluster script removes.
        DataRegionConfiguration region = new DataRegionConfiguration()
            .setName("default")
            .setInitialSize(64L << 20)
            .setMaxSize(opts.offheapMb << 20)
            .setPersistenceEnabled(opts.persistent());
        DataStorageConfiguration storage = new DataStorageConfiguration().setDefaultDataRegionConfiguration(region);
        if (opts.auth)
            cfg.setAuthenticationEnabled(true);
        if (opts.persistent()) {
            storage.setWalMode(WALMode.LOG_ONLY)
                .setWalSegmentSize(4 << 20)
                .setWalSegments(4)
                .setMaxWalArchiveSize(64L << 20);
        }
        cfg.setDataStorageConfiguration(storage);

        // Cache templates: a cache created by name (OP 1051/1052) whose name starts "parts37-" or
        // "parts100-" gets that many partitions, which the thin-client protocol cannot configure
        // itself. Partition-awareness tests need partition counts other than 1024.
        cfg.setCacheConfiguration(
            new CacheConfiguration<>("parts37-*").setBackups(1).setAffinity(new RendezvousAffinityFunction(false, 37)),
            new CacheConfiguration<>("parts100-*").setBackups(0).setAffinity(new RendezvousAffinityFunction(false, 100)));

        Ignite ignite = Ignition.start(cfg);
        // A persistent cluster starts inactive; the last node to join activates it (the first
        // activation creates the default user ignite/ignite), and the baseline follows joins and
        // leaves by itself. After a restart with its data the cluster activates itself.
        if (opts.persistent() && ignite.cluster().state() != ClusterState.ACTIVE
            && ignite.cluster().forServers().nodes().size() >= opts.nodes) {
            ignite.cluster().state(ClusterState.ACTIVE);
        }
        if (opts.persistent() && ignite.cluster().state() == ClusterState.ACTIVE) {
            ignite.cluster().baselineAutoAdjustEnabled(true);
            ignite.cluster().baselineAutoAdjustTimeout(1000);
        }
        System.out.println("LOCAL_NODE_READY index=" + opts.index + " clientPort="
            + (opts.clientPort + opts.index) + " nodeId=" + ignite.cluster().localNode().id());

        // Ignite's own shutdown hook stops the node on SIGTERM; this thread only keeps main alive.
        new CountDownLatch(1).await();
    }

    /**
     * Halts this JVM as soon as the owner process (the test run that started the node) is gone,
     * even if it died by SIGKILL and could not stop its nodes. The ProcessHandle remembers the
     * owner's start time, so a recycled pid does not count as the owner.
     */
    private static void watchOwner(long ownerPid) {
        ProcessHandle owner = ProcessHandle.of(ownerPid).orElse(null);
        if (owner == null || !owner.isAlive()) {
            System.err.println("LocalNode: owner process " + ownerPid + " is not running");
            Runtime.getRuntime().halt(3);
        }
        Thread watchdog = new Thread(() -> {
            while (owner.isAlive()) {
                try {
                    Thread.sleep(500);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("LocalNode: owner process " + ownerPid + " has exited; halting");
            Runtime.getRuntime().halt(3);
        }, "owner-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Command-line options; every one has a default so that `LocalNode` alone starts node 0. */
    private static final class Options {
        int index = 0;
        int nodes = 1;
        int clientPort = 10800;
        int discoveryPort = 47500;
        int communicationPort = 47100;
        long offheapMb = 256;
        /** 0: Ignite's defaults (10 s, and 30 s for client nodes). */
        long failureDetectionMs = 0;
        /** 0: Ignite's default (thin-client connections are never closed for being idle). */
        long idleTimeoutMs = 0;
        /** 0: none. Otherwise the JVM halts once that process has exited. */
        long ownerPid = 0;
        String workDir = System.getProperty("java.io.tmpdir") + "/ignite-client-local";
        /** PKCS#12 key store of the thin-client port's certificate; null: no TLS. */
        String tlsKeyStore;
        /** PKCS#12 trust store for client certificates; null: any client certificate. */
        String tlsTrustStore;
        String tlsPassword = "";
        /** Mutual TLS: the client must present a certificate the trust store accepts. */
        boolean tlsClientAuth;
        /** Authentication (default user ignite/ignite) with a persistent default region. */
        boolean auth;
        /** A persistent default region (WAL, cluster activation), without authentication. */
        boolean persistence;

        boolean persistent() {
            return auth || persistence;
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length)
                    throw new IllegalArgumentException("Missing value for " + name);
                String value = args[++i];
                switch (name) {
                    case "--index": o.index = Integer.parseInt(value); break;
                    case "--nodes": o.nodes = Integer.parseInt(value); break;
                    case "--client-port": o.clientPort = Integer.parseInt(value); break;
                    case "--discovery-port": o.discoveryPort = Integer.parseInt(value); break;
                    case "--communication-port": o.communicationPort = Integer.parseInt(value); break;
                    case "--offheap-mb": o.offheapMb = Long.parseLong(value); break;
                    case "--work-dir": o.workDir = value; break;
                    case "--failure-detection-ms": o.failureDetectionMs = Long.parseLong(value); break;
                    case "--idle-timeout-ms": o.idleTimeoutMs = Long.parseLong(value); break;
                    case "--owner-pid": o.ownerPid = Long.parseLong(value); break;
                    case "--tls-keystore": o.tlsKeyStore = value; break;
                    case "--tls-truststore": o.tlsTrustStore = value; break;
                    case "--tls-password": o.tlsPassword = value; break;
                    case "--tls-client-auth": o.tlsClientAuth = Boolean.parseBoolean(value); break;
                    case "--auth": o.auth = Boolean.parseBoolean(value); break;
                    case "--persistence": o.persistence = Boolean.parseBoolean(value); break;
                    default: throw new IllegalArgumentException("Unknown option " + name);
                }
            }
            if (o.index < 0 || o.index >= o.nodes)
                throw new IllegalArgumentException("--index must be in [0, --nodes)");
            return o;
        }
    }
}
