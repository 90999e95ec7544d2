package hoop.core.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CidrsTest {
    @Test
    void onlyRangesWhollyInsideAPrivateNetworkAreInternal() {
        for (String c : List.of("10.0.0.0/8", "10.1.2.3/32", "172.16.0.0/12", "172.31.255.0/24", "192.168.1.0/24", "100.64.0.0/10",
                "fd00::/8", "fc00::/7", "fe80::1/128")) {
            assertTrue(Cidrs.internal(c), c);
        }
        // The internet, its halves, a public address, ranges wider than a private block, and what is not strictly a range.
        for (String c : List.of("0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "203.0.113.7/32", "10.0.0.0/7", "172.16.0.0/11",
                "::/0", "0::/0", "0:0:0:0:0:0:0:0/0", "2001:db8::/32", "fc00::/6", "::ffff:a00:0/104", "010.0.0.0/8",
                "10.0.0.0/33", "10.0.0.0", "\"10.0.0.0/8\"", "10.0.0.256/32", "localhost/8", "", "abc/8")) {
            assertFalse(Cidrs.internal(c), c);
        }
    }

    @Test
    void ingressIsReadInTheQueryProtocolsFlatNames() {
        String op = "ec2:AuthorizeSecurityGroupIngress";
        assertTrue(AccessChanges.byParameters(op, Map.of("IpPermissions.1.Ipv6Ranges.1.CidrIpv6", "::/0"), "123456789012"));
        assertTrue(AccessChanges.byParameters(op, Map.of("IpPermissions.1.PrefixListIds.1.PrefixListId", "pl-1"), "123456789012"));
        assertTrue(AccessChanges.byParameters(op, Map.of("IpPermissions.1.Groups.1.UserId", "210987654321",
                "IpPermissions.1.Groups.1.GroupId", "sg-2"), "123456789012"));
        assertTrue(AccessChanges.byParameters("rds:AuthorizeDBSecurityGroupIngress", Map.of("CIDRIP", "0.0.0.0/0"), "123456789012"));
        assertFalse(AccessChanges.byParameters(op, Map.of("IpPermissions.1.IpRanges.1.CidrIp", "10.0.0.0/8",
                "IpPermissions.1.Groups.1.UserId", "123456789012", "IpPermissions.1.Groups.1.GroupId", "sg-2"), "123456789012"));
        // Egress to the internet lets what the group guards send its data anywhere (as a delivery outside AWS does); to a
        // private range it does not.
        assertTrue(AccessChanges.byParameters("ec2:AuthorizeSecurityGroupEgress", Map.of("IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0"), "123456789012"));
        assertFalse(AccessChanges.byParameters("ec2:AuthorizeSecurityGroupEgress", Map.of("IpPermissions.1.IpRanges.1.CidrIp", "10.0.0.0/8"), "123456789012"));
    }
}
