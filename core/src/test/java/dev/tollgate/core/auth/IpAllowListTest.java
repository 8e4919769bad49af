package dev.tollgate.core.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpAllowListTest {

    @Test
    void ipv4BlocksMatchOnTheirPrefixOnly() {
        IpAllowList list = IpAllowList.of(List.of("10.1.0.0/16", "192.168.7.9"));
        assertThat(list.allows("10.1.255.3")).isTrue();
        assertThat(list.allows("10.2.0.1")).isFalse();
        assertThat(list.allows("192.168.7.9")).isTrue();
        assertThat(list.allows("192.168.7.10")).isFalse();
    }

    @Test
    void prefixLengthsThatSplitAByteAreHonoured() {
        CidrBlock block = CidrBlock.parse("172.16.0.0/12");
        assertThat(block.contains(CidrBlock.literal("172.31.255.255"))).isTrue();
        assertThat(block.contains(CidrBlock.literal("172.32.0.0"))).isFalse();
        assertThat(block.contains(CidrBlock.literal("172.15.255.255"))).isFalse();
    }

    @Test
    void ipv6BlocksMatchIpv6AddressesAndNeverIpv4Ones() {
        IpAllowList list = IpAllowList.of(List.of("2001:db8:abcd::/48", "::1/128"));
        assertThat(list.allows("2001:db8:abcd:12::1")).isTrue();
        assertThat(list.allows("2001:0db8:abcd:0000:0000:0000:0000:0007")).isTrue();
        assertThat(list.allows("2001:db8:abce::1")).isFalse();
        assertThat(list.allows("::1")).isTrue();
        assertThat(list.allows("0:0:0:0:0:0:0:1%lo")).isTrue();
        assertThat(list.allows("127.0.0.1")).isFalse();
    }

    @Test
    void ipv4MappedIpv6PeersAreMatchedAsIpv4() {
        assertThat(IpAllowList.of(List.of("127.0.0.0/8")).allows("::ffff:127.0.0.1")).isTrue();
    }

    @Test
    void zeroLengthPrefixesAllowAWholeFamily() {
        IpAllowList v4 = IpAllowList.of(List.of("0.0.0.0/0"));
        assertThat(v4.allows("203.0.113.5")).isTrue();
        assertThat(v4.allows("2001:db8::1")).isFalse();
    }

    @Test
    void anEmptyListAllowsAnyoneButAnUnknownPeerOnlyPassesAnEmptyList() {
        assertThat(IpAllowList.of(List.of()).allows(null)).isTrue();
        assertThat(IpAllowList.of(List.of("127.0.0.1")).allows(null)).isFalse();
    }

    @Test
    void namesAndMalformedBlocksAreRejectedAndAStoredTypoRefusesEveryone() {
        assertThatThrownBy(() -> CidrBlock.parse("localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CidrBlock.parse("::/129")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
        IpAllowList typo = IpAllowList.of(List.of("10.0.0.0/8", "10.0.0.0/99"));
        assertThat(typo.allows("10.0.0.1")).isFalse();
        assertThat(IpAllowList.of(List.of("10.0.0.0/8")).allows("example.com")).isFalse();
    }
}
