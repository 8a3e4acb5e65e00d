// Stands in for the Java SDK's io.milvus.v2.client.ConnectConfig (not installable here) so
// that the Java snippet of `milvus-cert emit-config --format client` compiles unchanged.
// Only the builder methods the snippets call are here.
package io.milvus.v2.client;

public class ConnectConfig {
    String uri = "";
    boolean secure;
    String serverPemPath = "";
    String caPemPath = "";
    String clientPemPath = "";
    String clientKeyPath = "";
    String serverName = "";

    public static Builder builder() {
        return new Builder();
    }

    public static class Builder {
        private final ConnectConfig c = new ConnectConfig();

        public Builder uri(String v) { c.uri = v; return this; }
        public Builder secure(boolean v) { c.secure = v; return this; }
        public Builder serverPemPath(String v) { c.serverPemPath = v; return this; }
        public Builder caPemPath(String v) { c.caPemPath = v; return this; }
        public Builder clientPemPath(String v) { c.clientPemPath = v; return this; }
        public Builder clientKeyPath(String v) { c.clientKeyPath = v; return this; }
        public Builder serverName(String v) { c.serverName = v; return this; }
        public ConnectConfig build() { return c; }
    }
}
