package hoop.config;

public enum Action { ALLOW, FLAG, REVIEW, DENY }
