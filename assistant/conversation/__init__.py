"""Conversations: follow-up questions resolved from earlier turns, feedback and export."""
